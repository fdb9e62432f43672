import type { Language } from '../../i18n/language';
import { messages } from '../../i18n/messages';
import type { CallUpProblem } from '../../punchout/oci-callup';
import { type Html, html } from '../../mail/html';
import { layout } from './layout';

export type CallUpRefusal =
  | { kind: 'fields'; problems: CallUpProblem[] }
  | { kind: 'credentials' }
  | { kind: 'hook-not-allowed' }
  /** The connection is switched off by the supplier: the requester is sent to their procurement department. */
  | { kind: 'disabled' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/** The page a refused call-up gets: in the requester's language, naming what is wrong. */
export function callUpErrorPage(language: Language, refusal: CallUpRefusal): Html {
  const t = messages(language);
  const lines =
    refusal.kind === 'credentials'
      ? [t.callUpBadCredentials]
      : refusal.kind === 'disabled'
        ? [t.callUpDisabled]
        : refusal.kind === 'hook-not-allowed'
          ? [t.callUpHookNotAllowed]
          : refusal.kind === 'throttled'
            ? [t.callUpThrottled(Math.max(1, Math.ceil(refusal.retryAfterSeconds / 60)))]
            : refusal.problems.map(({ field, problem }) =>
                problem === 'missing'
                  ? t.callUpMissing(field)
                  : problem === 'too-long'
                    ? t.callUpTooLong(field)
                    : problem === 'control-characters'
                      ? t.callUpControlCharacters(field)
                      : problem === 'unsupported'
                        ? t.callUpUnsupported(field)
                        : t.callUpMalformed(field),
              );
  return layout({
    lang: language,
    title: t.callUpFailedTitle,
    body: html`<main><div class="notice" role="alert"><h1>${t.callUpFailedTitle}</h1>
<ul>${lines.map((line) => html`<li>${line}</li>`)}</ul><p>${refusal.kind === 'disabled' ? t.callUpDisabledWhatToDo : t.callUpWhatToDo}</p></div></main>`,
  });
}

export function sessionExpiredPage(language: Language): Html {
  const t = messages(language);
  return layout({
    lang: language,
    title: t.sessionExpiredTitle,
    body: html`<main><div class="notice" role="alert"><h1>${t.sessionExpiredTitle}</h1><p>${t.sessionExpired}</p></div></main>`,
  });
}
