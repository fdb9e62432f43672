/** The page's start data, rendered by the server into `<script type="application/json" id="boot">`. */
export function readBoot<T>(): T {
  const script = document.getElementById('boot');
  if (!script?.textContent) throw new Error('The page has no boot data (#boot).');
  return JSON.parse(script.textContent) as T;
}

/** The element the server left for the front end to fill. */
export function appRoot(): HTMLElement {
  const root = document.getElementById('app');
  if (!root) throw new Error('The page has no #app element.');
  return root;
}
