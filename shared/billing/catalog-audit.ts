/** Catalogue changes go on the trail of the catalogue entry. */
export const catalogItemSubject = (itemId: string) => `catalog-item:${itemId}`;
