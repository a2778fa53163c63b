// Keeping the catalogue is an admin's occasional job: the billing handler loads this module on the
// first such request, so a cold start for the everyday routes does not carry it.
export { CreateCatalogItemSchema, UpdateCatalogItemSchema } from './catalog-item-input';
export { createCatalogItem } from './create-catalog-item';
export { updateCatalogItem } from './update-catalog-item';
