import type { CatalogExit } from '../catalog/api';
import { splitHookUrl } from './hook-url';
import type { CartContext } from './oci-cart';

/**
 * An OCI cart without items: the form rules of OCI.md §3 (action = HOOK_URL without its query,
 * its query as hidden fields, `~OkCode`/`~TARGET`/`~CALLER` echoed, the call-up's target and
 * charset) and no NEW_ITEM field at all. A procurement system takes it as "nothing chosen" and
 * shows its own cart unchanged: the honest way back when a session expired before a request.
 */
export function emptyCart(context: CartContext): CatalogExit {
  const { action, hidden } = splitHookUrl(context.hook);
  const fields: [string, string][] = [...hidden];
  if (context.okCode) fields.push(['~OkCode', context.okCode]);
  if (context.targetParam) fields.push(['~TARGET', context.targetParam]);
  if (context.caller) fields.push(['~CALLER', context.caller]);
  return { action, target: context.target, charset: context.charset, fields };
}
