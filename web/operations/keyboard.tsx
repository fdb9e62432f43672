/**
 * The console's keyboard shortcuts: single keys, as mail clients have them. They never fire while
 * someone types (an input, a select, a text area, anything editable) or with Ctrl/Alt/Meta held, so
 * a screen reader's own keys (which use modifiers or its browse mode) and typing stay untouched.
 * They act on the element that has focus, so a screen reader's focus and the shortcut agree.
 */

export interface Shortcut {
  key: string;
  /** Shown in the `?` list. */
  label: string;
  run(event: KeyboardEvent): void;
}

/** Whether a key press is someone typing rather than a shortcut. */
export function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.altKey || event.metaKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    // A checkbox or a button takes no text: shortcuts still work while one has focus.
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}

/** Listen for `shortcuts` on the document until the returned function is called. */
export function useShortcuts(shortcuts: Shortcut[]): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || isTyping(event)) return;
    const shortcut = shortcuts.find((s) => s.key === event.key);
    if (!shortcut) return;
    event.preventDefault();
    shortcut.run(event);
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

/**
 * The list `?` shows: a region after the button that opened it, not a modal (no focus trap); focus
 * moves into it, Escape or Close hides it and returns focus where it was.
 */
export function shortcutHelp(shortcuts: Shortcut[]): { button: HTMLButtonElement; panel: HTMLElement; toggle(): void } {
  const close = (
    <button type="button" class="button secondary small" data-action="close-shortcuts">
      Close
    </button>
  ) as HTMLButtonElement;
  const panel = (
    <section class="shortcuts card" aria-labelledby="shortcuts-title" tabIndex={-1} hidden>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p class="muted small">Not while typing in a field. They act on the request that has focus.</p>
      <dl class="shortcut-list">
        {shortcuts.map((s) => [
          <dt>
            <kbd>{s.key === ' ' ? 'Space' : s.key}</kbd>
          </dt>,
          <dd>{s.label}</dd>,
        ])}
      </dl>
      {close}
    </section>
  ) as HTMLElement;
  const button = (
    <button type="button" class="button secondary small" data-action="shortcuts" aria-expanded="false">
      Keyboard shortcuts (?)
    </button>
  ) as HTMLButtonElement;
  let returnTo: HTMLElement | null = null;
  const toggle = () => {
    if (panel.hidden) {
      returnTo = document.activeElement as HTMLElement | null;
      panel.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      panel.focus();
    } else {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      (returnTo && returnTo.isConnected ? returnTo : button).focus();
    }
  };
  button.addEventListener('click', toggle);
  close.addEventListener('click', toggle);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      toggle();
    }
  });
  return { button, panel, toggle };
}
