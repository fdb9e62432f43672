/** Form parts of the test procurement system: a labelled parameter, a choice, a switch that steers the page. */

/** A labelled call-up parameter; `name` is the OCI parameter exactly as sent. */
export function Field(props: { name: string; label: string; value?: string; type?: string; hint?: string; autocomplete?: string; list?: string; required?: boolean; idPrefix?: string; shown?: string }) {
  const id = `${props.idPrefix ?? 'param'}-${props.name.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <div class="field">
      <label htmlFor={id}>
        {props.label} <code>{props.shown ?? props.name}</code>
        {props.required ? ' (required)' : ''}
      </label>
      <input id={id} name={props.name} type={props.type ?? 'text'} value={props.value ?? ''} autoComplete={props.autocomplete ?? 'off'} spellCheck={false} list={props.list} />
      {props.hint ? <p class="hint">{props.hint}</p> : null}
    </div>
  );
}

export function Choice(props: { name: string; label: string; options: string[]; idPrefix?: string; shown?: string }) {
  const id = `${props.idPrefix ?? 'param'}-${props.name.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <div class="field">
      <label htmlFor={id}>
        {props.label} <code>{props.shown ?? props.name}</code>
      </label>
      <select id={id} name={props.name}>
        {props.options.map((option) => (
          <option value={option}>{option}</option>
        ))}
      </select>
    </div>
  );
}

/** Radio buttons that steer this page, not sent: `form=""` keeps them out of the call-up. */
export function Switch(props: { name: string; legend: string; options: { value: string; label: string }[]; checked: string }) {
  return (
    <fieldset class="switch">
      <legend>{props.legend}</legend>
      {props.options.map((option) => {
        const id = `${props.name}-${option.value.toLowerCase()}`;
        return (
          <div class="radio">
            <input
              type="radio"
              id={id}
              name={props.name}
              value={option.value}
              form=""
              checked={option.value === props.checked}
            />
            <label htmlFor={id}>{option.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** "Open the catalog in": a frame on this page or a new window; `openWhereChosen` applies it. */
export function OpenIn(props: { name: string }) {
  return (
    <Switch
      name={props.name}
      legend="Open the catalog in"
      checked="iframe"
      options={[
        { value: 'iframe', label: 'a frame on this page' },
        { value: 'window', label: 'a new window' },
      ]}
    />
  );
}

/** Aims `form` at `frame` or a new window as the `OpenIn` switch `name` says, read at submit time (a browser may restore the radios on "back" without a change event). */
export function openWhereChosen(form: HTMLFormElement, frame: HTMLIFrameElement, name: string): void {
  form.addEventListener('submit', () => {
    const where = document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value;
    form.target = where === 'window' ? '_blank' : frame.name;
    // Show the catalog where it opens: the frame may be below the fold.
    if (form.target === frame.name) frame.scrollIntoView({ block: 'start' });
  });
}
