/** Who is shopping, for which buying organisation, under which references. */
import type { CatalogBoot } from '../../functions/catalog/api';
import type { Messages } from '../../functions/i18n/messages';

export function Masthead({ boot }: { boot: CatalogBoot }) {
  return (
    <header class="masthead">
      <div class="masthead-inner">
        <span class="brand">
          <svg viewBox="0 0 24 24" width={22} height={22} aria-hidden="true" focusable="false">
            <path d="M3 15 L5 9 Q6 7 8 7 L16 7 Q18 7 19 9 L21 15 L21 18 L3 18 Z" fill="currentColor" />
            <circle cx={7.5} cy={18} r={2.2} fill="#ffffff" stroke="currentColor" strokeWidth={1.5} />
            <circle cx={16.5} cy={18} r={2.2} fill="#ffffff" stroke="currentColor" strokeWidth={1.5} />
          </svg>
          FlexFleet
        </span>
        <span class="connection">{boot.connectionName}</span>
      </div>
    </header>
  );
}

export function Requester({ boot, t }: { boot: CatalogBoot; t: Messages }) {
  return (
    <section class="requester" aria-labelledby="hello">
      <div>
        <h1 id="hello">{t.hello(boot.requesterName)}</h1>
        <p class="intro">{t.catalogIntro}</p>
      </div>
      {boot.references.length > 0 ? (
        <div class="references">
          <h2 class="label">{t.extraFields}</h2>
          <dl>
            {boot.references.map((reference) => (
              <div>
                <dt>{reference.label}</dt>
                <dd>{reference.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </section>
  );
}
