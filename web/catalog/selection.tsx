/**
 * cXML edit: the banner over a catalog that opens on the earlier request. "Keep as it is" sends that
 * request's cart back unchanged (its transfer page); choosing anything else makes a new request.
 */
import type { CatalogSelection } from '../../functions/catalog/api';
import type { Messages } from '../../functions/i18n/messages';

export function SelectionBanner({ selection, t }: { selection: CatalogSelection; t: Messages }) {
  return (
    <section class="selection-banner" aria-labelledby="selection-title" data-selection={selection.operation}>
      <h2 id="selection-title">{t.selectionEditing(selection.requestId)}</h2>
      {selection.open ? (
        <div class="selection-keep">
          <p>{t.selectionEditExplain}</p>
          <a class="button" href={selection.transferUrl}>
            {t.selectionKeep}
          </a>
        </div>
      ) : (
        <p>{t.selectionClosed(t.requestStatuses[selection.status])}</p>
      )}
    </section>
  );
}
