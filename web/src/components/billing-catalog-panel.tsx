import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import {
  ApiError,
  createCatalogItem,
  createQboItem,
  type FieldErrors,
  listCatalog,
  listIncomeAccounts,
  listQboItems,
  updateCatalogItem,
} from '../api/client';
import type { CatalogItem, CatalogItemChanges, CompanyList, QboItem } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { suggestedQboItem } from '../lib/billing';
import { ErrorBanner, Notice } from './error-banner';
import { CheckboxField, SelectField, TextField } from './field';
import { Loading } from './loading';

type Kind = CatalogItem['kind'];
type Company = CompanyList<QboItem>;

const KIND_OPTIONS = (['labour', 'part'] as const).map((kind) => ({
  value: kind,
  label: labels.billing.kinds[kind],
}));

const isNotConnected = (error: unknown) => error instanceof ApiError && error.code === 'qbo_not_connected';

/** The viewer's company's products and services, or undefined with no QuickBooks connection. */
const loadCompany = async (signal: AbortSignal): Promise<Company | undefined> => {
  try {
    return await listQboItems({ signal });
  } catch (error) {
    if (isNotConnected(error)) return undefined;
    throw error;
  }
};

const itemOptions = (company: Company) => [
  { value: '', label: labels.billing.notMapped },
  ...company.items.map((item) => ({ value: item.id, label: item.name })),
];

type MappingProps = {
  entry: CatalogItem;
  company: Company;
  canEdit: boolean;
  onChange: (entry: CatalogItem) => void;
  onCompanyChange: () => void;
};

/**
 * One catalogue entry's QuickBooks item in the viewer's company: picked from the list, or made there.
 * Unmapped, an item named like the entry is preselected as a suggestion, saved only when the admin says.
 */
const Mapping = ({ entry, company, canEdit, onChange, onCompanyChange }: MappingProps) => {
  const [error, setError] = useState<unknown>(undefined);
  const [creating, setCreating] = useState(false);
  const [declined, setDeclined] = useState(false);
  const mapped = entry.qboItems[company.realmId] ?? '';
  const suggestion = mapped || declined ? undefined : suggestedQboItem(entry, company.items);

  if (!canEdit) {
    return <>{company.items.find((item) => item.id === mapped)?.name ?? labels.billing.notMapped}</>;
  }

  const map = async (itemId: string) => {
    setError(undefined);
    try {
      onChange(
        await updateCatalogItem(entry.id, {
          qboItems: { [company.realmId]: itemId || null },
          version: entry.version,
        }),
      );
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div class="billing-mapping">
      <SelectField
        label={`${labels.billing.qboItem}: ${entry.name}`}
        name={`qboItem-${entry.id}`}
        value={mapped || suggestion?.id || ''}
        options={itemOptions(company)}
        onChange={(itemId) => (itemId || mapped ? map(itemId) : setDeclined(true))}
        hint={suggestion && labels.billing.suggested(suggestion.name)}
      />
      {suggestion && (
        <button
          type="button"
          class="button-primary"
          aria-label={`${labels.billing.saveMapping}: ${entry.name}`}
          onClick={() => map(suggestion.id)}
        >
          {labels.billing.saveMapping}
        </button>
      )}
      {!mapped && !creating && (
        <button type="button" class="button-secondary" onClick={() => setCreating(true)}>
          {labels.billing.createInQbo}
        </button>
      )}
      {creating && (
        <CreateInQbo
          entry={entry}
          onCancel={() => setCreating(false)}
          onCreated={async (item) => {
            setCreating(false);
            onCompanyChange();
            await map(item.id);
          }}
        />
      )}
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
    </div>
  );
};

type CreateInQboProps = {
  entry: CatalogItem;
  onCancel: () => void;
  onCreated: (item: QboItem) => void;
};

/** "Create in QuickBooks": a Service (labour) or NonInventory (part) item on an income account. */
const CreateInQbo = ({ entry, onCancel, onCreated }: CreateInQboProps) => {
  const accounts = useAsync((signal) => listIncomeAccounts({ signal }), []);
  const [name, setName] = useState(entry.name);
  const [type, setType] = useState<'Service' | 'NonInventory'>(
    entry.kind === 'labour' ? 'Service' : 'NonInventory',
  );
  const [account, setAccount] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  if (accounts.error) return <ErrorBanner error={accounts.error} onRetry={accounts.reload} />;
  if (!accounts.data) return <Loading />;
  const incomeAccountId = account || accounts.data.items[0]?.id || '';

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const created = await createQboItem({
        name: name.trim(),
        type,
        incomeAccountId,
        unitPrice: entry.rate,
      });
      onCreated(created.item);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form class="form billing-create-in-qbo" onSubmit={submit} noValidate>
      <TextField
        label={labels.billing.qboItemName}
        name="name"
        value={name}
        onInput={setName}
        errors={fieldErrors.name}
        required
      />
      <SelectField
        label={labels.billing.qboItemType}
        name="type"
        value={type}
        options={(['Service', 'NonInventory'] as const).map((value) => ({
          value,
          label: labels.billing.qboItemTypes[value],
        }))}
        onChange={(value) => setType(value as typeof type)}
      />
      <SelectField
        label={labels.billing.incomeAccount}
        name="incomeAccountId"
        value={incomeAccountId}
        options={accounts.data.items.map((item) => ({ value: item.id, label: item.name }))}
        onChange={setAccount}
        errors={fieldErrors.incomeAccountId}
      />
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={saving || !name.trim()}>
          {saving ? labels.billing.creatingInQbo : labels.billing.createInQbo}
        </button>
        <button type="button" class="button-secondary" onClick={onCancel}>
          {labels.common.cancel}
        </button>
      </div>
      {!fieldErrors.name && !fieldErrors.incomeAccountId && <ErrorBanner error={error} />}
    </form>
  );
};

type EditEntryFormProps = {
  entry: CatalogItem;
  onSaved: (entry: CatalogItem) => void;
  onCancel: () => void;
  /** The entry changed meanwhile: read the catalogue again, so another save goes on from there. */
  onStale: () => void;
};

type EntryValues = { name: string; rate: string; taxable: boolean };

type EntryFieldsProps = {
  values: EntryValues;
  onChange: (values: EntryValues) => void;
  errors: FieldErrors;
  /** Fields between the name and the rate (the kind, when adding). */
  children?: ComponentChildren;
};

/** Name, rate or unit price, and taxable: the same when adding an entry and when editing one. */
const EntryFields = ({ values, onChange, errors, children }: EntryFieldsProps) => (
  <>
    <TextField
      label={labels.billing.name}
      name="name"
      value={values.name}
      onInput={(name) => onChange({ ...values, name })}
      errors={errors.name}
      autocomplete="off"
      required
    />
    {children}
    <TextField
      label={labels.billing.rate}
      name="rate"
      value={values.rate}
      onInput={(rate) => onChange({ ...values, rate })}
      hint={labels.billing.rateHint}
      errors={errors.rate}
      inputMode="decimal"
      autocomplete="off"
      required
    />
    <CheckboxField
      label={labels.billing.taxable}
      name="taxable"
      checked={values.taxable}
      onChange={(taxable) => onChange({ ...values, taxable })}
    />
  </>
);

/** A row's own form: name, rate or unit price, taxable; only what changed is sent, with the version read. */
const EditEntryForm = ({ entry, onSaved, onCancel, onStale }: EditEntryFormProps) => {
  const [values, setValues] = useState<EntryValues>({
    name: entry.name,
    rate: entry.rate,
    taxable: entry.taxable,
  });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const changes = (): CatalogItemChanges => {
    const name = values.name.trim();
    const rate = values.rate.trim();
    return {
      ...(name !== entry.name ? { name } : {}),
      ...(rate !== entry.rate ? { rate } : {}),
      ...(values.taxable !== entry.taxable ? { taxable: values.taxable } : {}),
      version: entry.version,
    };
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const patch = changes();
    if (Object.keys(patch).length === 1) return onCancel();
    setSaving(true);
    setError(undefined);
    try {
      onSaved(await updateCatalogItem(entry.id, patch));
    } catch (failure) {
      setError(failure);
      const stale = failure instanceof ApiError && failure.code === 'conflict' && !failure.fieldErrors.name;
      if (stale) onStale();
    } finally {
      setSaving(false);
    }
  };

  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form class="form billing-edit" onSubmit={submit} noValidate>
      <EntryFields values={values} onChange={setValues} errors={fieldErrors} />
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={saving}>
          {saving ? labels.billing.saving : labels.common.save}
        </button>
        <button type="button" class="button-secondary" onClick={onCancel}>
          {labels.common.cancel}
        </button>
      </div>
      {!fieldErrors.name && !fieldErrors.rate && (
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      )}
    </form>
  );
};

type CatalogRowProps = {
  entry: CatalogItem;
  company: Company | undefined;
  canEdit: boolean;
  onChange: (entry: CatalogItem) => void;
  onCatalogChange: () => void;
  onCompanyChange: () => void;
};

/** One catalogue entry: read, edited in place (admins), and its QuickBooks item in the viewer's company. */
const CatalogRow = ({
  entry,
  company,
  canEdit,
  onChange,
  onCatalogChange,
  onCompanyChange,
}: CatalogRowProps) => {
  const [editing, setEditing] = useState(false);
  if (editing)
    return (
      <tr>
        <td colSpan={company ? 6 : 5}>
          <EditEntryForm
            entry={entry}
            onSaved={(saved) => {
              setEditing(false);
              onChange(saved);
            }}
            onCancel={() => setEditing(false)}
            onStale={onCatalogChange}
          />
        </td>
      </tr>
    );
  return (
    <tr>
      <td>{entry.name}</td>
      <td>{labels.billing.kinds[entry.kind]}</td>
      <td>${entry.rate}</td>
      <td>{entry.taxable ? labels.common.yes : labels.common.no}</td>
      {company && (
        <td>
          <Mapping
            entry={entry}
            company={company}
            canEdit={canEdit}
            onChange={onChange}
            onCompanyChange={onCompanyChange}
          />
        </td>
      )}
      {canEdit && (
        <td>
          <button
            type="button"
            class="button-secondary"
            aria-label={`${labels.billing.edit}: ${entry.name}`}
            onClick={() => setEditing(true)}
          >
            {labels.billing.edit}
          </button>
        </td>
      )}
    </tr>
  );
};

const NO_VALUES: EntryValues = { name: '', rate: '', taxable: false };

/** "Add to catalogue": a labour rate or a part, with its default rate or unit price. */
const AddEntryForm = ({ onAdded }: { onAdded: (entry: CatalogItem) => void }) => {
  const [values, setValues] = useState(NO_VALUES);
  const [kind, setKind] = useState<Kind>('labour');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [added, setAdded] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setAdded(false);
    try {
      const { name, rate, taxable } = values;
      onAdded(await createCatalogItem({ name: name.trim(), kind, rate: rate.trim(), taxable }));
      setValues(NO_VALUES);
      setAdded(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form class="form billing-add" onSubmit={submit} noValidate>
      <h3>{labels.billing.add}</h3>
      <EntryFields values={values} onChange={setValues} errors={fieldErrors}>
        <SelectField
          label={labels.billing.kind}
          name="kind"
          value={kind}
          options={KIND_OPTIONS}
          onChange={(value) => setKind(value as Kind)}
          errors={fieldErrors.kind}
        />
      </EntryFields>
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={saving}>
          {saving ? labels.billing.adding : labels.billing.add}
        </button>
      </div>
      {added && <Notice>{labels.billing.added}</Notice>}
      {!Object.keys(fieldErrors).length && (
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      )}
    </form>
  );
};

/** Settings → Billing: the catalogue and its QuickBooks items in the viewer's company. Admins change it. */
export const BillingCatalogPanel = ({ canEdit }: { canEdit: boolean }) => {
  const catalog = useAsync((signal) => listCatalog({ signal }), []);
  const company = useAsync(loadCompany, []);

  if (catalog.error) return <ErrorBanner error={catalog.error} onRetry={catalog.reload} />;
  if (!catalog.data || company.loading) return <Loading />;
  const entries = catalog.data.items;
  const replace = (entry: CatalogItem) =>
    catalog.setData({ items: entries.map((current) => (current.id === entry.id ? entry : current)) });

  return (
    <div class="billing-catalog">
      <p>{labels.billing.intro}</p>
      {company.error ? (
        <ErrorBanner error={company.error} onRetry={company.reload} />
      ) : (
        !company.data && <Notice>{labels.billing.noCompany}</Notice>
      )}
      {entries.length === 0 ? (
        <p class="empty">{labels.billing.empty}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{labels.billing.name}</th>
                <th scope="col">{labels.billing.kind}</th>
                <th scope="col">{labels.billing.rate}</th>
                <th scope="col">{labels.billing.taxable}</th>
                {company.data && <th scope="col">{labels.billing.qboItem}</th>}
                {canEdit && (
                  <th scope="col">
                    <span class="visually-hidden">{labels.billing.edit}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <CatalogRow
                  key={entry.id}
                  entry={entry}
                  company={company.data}
                  canEdit={canEdit}
                  onChange={replace}
                  onCatalogChange={catalog.reload}
                  onCompanyChange={company.reload}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && (
        <AddEntryForm
          onAdded={(entry) =>
            catalog.setData({
              items: [...entries, entry].sort((a, b) => a.name.localeCompare(b.name)),
            })
          }
        />
      )}
    </div>
  );
};
