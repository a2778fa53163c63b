import { useState } from 'preact/hooks';
import { ApiError, createIssueEntry, deleteIssueEntry, listCatalog, listIssueEntries } from '../api/client';
import type { BillableEntry, CatalogItem, IssueEntries, NewBillableEntry } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { formatDuration, parseDuration } from '../lib/duration';
import { formatDate } from '../lib/format';
import { ErrorBanner, Notice } from './error-banner';
import { CheckboxField, SelectField, TextField } from './field';
import { Loading } from './loading';

const today = () => new Date().toISOString().slice(0, 10);

const quantityOf = (entry: BillableEntry) =>
  entry.kind === 'time' ? formatDuration(entry.minutes ?? 0) : (entry.quantity ?? '');

const EntryRow = ({
  entry,
  canEdit,
  onDelete,
}: {
  entry: BillableEntry;
  canEdit: boolean;
  onDelete: (entry: BillableEntry) => void;
}) => (
  <tr>
    <td>{formatDate(entry.date)}</td>
    <td>{entry.catalogName}</td>
    <td>{entry.description}</td>
    <td>{entry.workedBy?.name ?? ''}</td>
    <td class="numeric">{quantityOf(entry)}</td>
    <td class="numeric">${entry.rate ?? entry.unitPrice}</td>
    <td class="numeric">${entry.amount}</td>
    <td>{entry.billable ? labels.common.yes : labels.common.no}</td>
    <td>
      {entry.invoiced
        ? labels.billableWork.invoicedOn(entry.invoiced.docNumber ?? entry.invoiced.invoiceId)
        : labels.billableWork.notInvoiced}
    </td>
    {canEdit && (
      <td>
        <button
          type="button"
          class="button-secondary"
          aria-label={`${labels.billableWork.delete}: ${entry.description}`}
          onClick={() => onDelete(entry)}
        >
          {labels.billableWork.delete}
        </button>
      </td>
    )}
  </tr>
);

type EntryFormProps = { issueId: number; catalog: CatalogItem[]; onAdded: () => void };

/** "Log time": who did what, when, for how long, at the catalogue's rate unless another is given. */
const LogTimeForm = ({ issueId, catalog, onAdded }: EntryFormProps) => {
  const labour = catalog.filter((item) => item.kind === 'labour');
  const [catalogId, setCatalogId] = useState(labour[0]?.id ?? '');
  const [date, setDate] = useState(today);
  const [duration, setDuration] = useState('');
  const [rate, setRate] = useState('');
  const [description, setDescription] = useState('');
  const [billable, setBillable] = useState(true);
  return (
    <EntryForm
      title={labels.billableWork.logTime}
      className="billable-log-time"
      issueId={issueId}
      onAdded={() => {
        setDuration('');
        setDescription('');
        onAdded();
      }}
      build={() => {
        const minutes = parseDuration(duration);
        if (minutes === undefined) return { duration: [labels.billableWork.durationInvalid] };
        return {
          kind: 'time',
          catalogId,
          date,
          minutes,
          ...(rate.trim() ? { rate: rate.trim() } : {}),
          description: description.trim(),
          billable,
        };
      }}
      fields={(errors) => (
        <>
          <SelectField
            label={labels.billableWork.labourItem}
            name="catalogId"
            value={catalogId}
            options={labour.map((item) => ({ value: item.id, label: `${item.name} ($${item.rate})` }))}
            onChange={setCatalogId}
            errors={errors.catalogId}
          />
          <TextField
            label={labels.billableWork.date}
            name="date"
            value={date}
            onInput={setDate}
            errors={errors.date}
          />
          <TextField
            label={labels.billableWork.duration}
            name="duration"
            value={duration}
            onInput={setDuration}
            hint={labels.billableWork.durationHint}
            errors={errors.duration ?? errors.minutes}
            autocomplete="off"
            required
          />
          <TextField
            label={labels.billableWork.rate}
            name="rate"
            value={rate}
            onInput={setRate}
            hint={labels.billableWork.rateHint}
            errors={errors.rate}
            inputMode="decimal"
            autocomplete="off"
          />
          <TextField
            label={labels.billableWork.description}
            name="description"
            value={description}
            onInput={setDescription}
            errors={errors.description}
            required
          />
          <CheckboxField
            label={labels.billableWork.billable}
            name="billable"
            checked={billable}
            onChange={setBillable}
          />
        </>
      )}
    />
  );
};

/** "Add part": a part from the catalogue, how many, at the catalogue's price unless another is given. */
const AddPartForm = ({ issueId, catalog, onAdded }: EntryFormProps) => {
  const parts = catalog.filter((item) => item.kind === 'part');
  const [catalogId, setCatalogId] = useState(parts[0]?.id ?? '');
  const [date, setDate] = useState(today);
  const [quantity, setQuantity] = useState('1');
  const [unitPrice, setUnitPrice] = useState('');
  const [description, setDescription] = useState('');
  return (
    <EntryForm
      title={labels.billableWork.addPart}
      className="billable-add-part"
      issueId={issueId}
      onAdded={() => {
        setQuantity('1');
        setDescription('');
        onAdded();
      }}
      build={() => ({
        kind: 'part',
        catalogId,
        date,
        quantity: quantity.trim(),
        ...(unitPrice.trim() ? { unitPrice: unitPrice.trim() } : {}),
        description: description.trim(),
        billable: true,
      })}
      fields={(errors) => (
        <>
          <SelectField
            label={labels.billableWork.partItem}
            name="catalogId"
            value={catalogId}
            options={parts.map((item) => ({ value: item.id, label: `${item.name} ($${item.rate})` }))}
            onChange={setCatalogId}
            errors={errors.catalogId}
          />
          <TextField
            label={labels.billableWork.date}
            name="date"
            value={date}
            onInput={setDate}
            errors={errors.date}
          />
          <TextField
            label={labels.billableWork.partQuantity}
            name="quantity"
            value={quantity}
            onInput={setQuantity}
            errors={errors.quantity}
            inputMode="decimal"
            required
          />
          <TextField
            label={labels.billableWork.unitPrice}
            name="unitPrice"
            value={unitPrice}
            onInput={setUnitPrice}
            hint={labels.billableWork.unitPriceHint}
            errors={errors.unitPrice}
            inputMode="decimal"
            autocomplete="off"
          />
          <TextField
            label={labels.billableWork.partDescription}
            name="description"
            value={description}
            onInput={setDescription}
            errors={errors.description}
            required
          />
        </>
      )}
    />
  );
};

type FieldErrors = Record<string, string[] | undefined>;

/** The submit, saving state and error display both entry forms share. */
const EntryForm = ({
  title,
  className,
  issueId,
  build,
  fields,
  onAdded,
}: {
  title: string;
  className: string;
  issueId: number;
  /** The entry to send, or the field errors found before sending. */
  build: () => NewBillableEntry | FieldErrors;
  fields: (errors: FieldErrors) => preact.ComponentChildren;
  onAdded: () => void;
}) => {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(undefined);
    const entry = build();
    if (!('kind' in entry)) {
      setLocalErrors(entry as FieldErrors);
      return;
    }
    setLocalErrors({});
    setSaving(true);
    try {
      await createIssueEntry(issueId, entry as NewBillableEntry);
      onAdded();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  const serverErrors = error instanceof ApiError ? error.fieldErrors : {};
  const errors = { ...serverErrors, ...localErrors };
  return (
    <form class={`form ${className}`} onSubmit={submit} noValidate>
      <h3>{title}</h3>
      {fields(errors)}
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={saving}>
          {saving ? labels.billableWork.saving : title}
        </button>
      </div>
      {!Object.keys(serverErrors).length && (
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      )}
    </form>
  );
};

const Totals = ({ totals }: { totals: IssueEntries['totals'] }) => (
  <dl class="details billable-totals" aria-label={labels.billableWork.totals}>
    <div>
      <dt>{labels.billableWork.totalBillable}</dt>
      <dd class="numeric">${totals.billable}</dd>
    </div>
    <div>
      <dt>{labels.billableWork.totalInvoiced}</dt>
      <dd class="numeric">${totals.invoiced}</dd>
    </div>
    <div>
      <dt>{labels.billableWork.totalNotInvoiced}</dt>
      <dd class="numeric">${totals.notInvoiced}</dd>
    </div>
  </dl>
);

/** The issue's time and parts, with totals; staff log time, add parts and delete rows, customers read. */
export const BillableWorkPanel = ({ issueId, canEdit }: { issueId: number; canEdit: boolean }) => {
  const entries = useAsync((signal) => listIssueEntries(issueId, { signal }), [issueId]);
  const catalog = useAsync(
    (signal) => (canEdit ? listCatalog({ signal }) : Promise.resolve({ items: [] })),
    [canEdit],
  );
  const [error, setError] = useState<unknown>(undefined);

  if (entries.error) return <ErrorBanner error={entries.error} onRetry={entries.reload} />;
  if (!entries.data || catalog.loading) return <Loading />;

  const remove = async (entry: BillableEntry) => {
    if (!window.confirm(labels.billableWork.deleteConfirm)) return;
    setError(undefined);
    try {
      await deleteIssueEntry(issueId, entry.id);
      entries.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  const items = catalog.data?.items ?? [];
  return (
    <div class="billable-work">
      {entries.data.items.length === 0 ? (
        <p class="empty">{labels.billableWork.empty}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{labels.billableWork.date}</th>
                <th scope="col">{labels.billableWork.item}</th>
                <th scope="col">{labels.billableWork.description}</th>
                <th scope="col">{labels.billableWork.who}</th>
                <th scope="col">{labels.billableWork.quantity}</th>
                <th scope="col">{labels.billableWork.rate}</th>
                <th scope="col">{labels.billableWork.amount}</th>
                <th scope="col">{labels.billableWork.billable}</th>
                <th scope="col">{labels.billableWork.invoiced}</th>
                {canEdit && <th scope="col" aria-label={labels.billableWork.delete} />}
              </tr>
            </thead>
            <tbody>
              {entries.data.items.map((entry) => (
                <EntryRow key={entry.id} entry={entry} canEdit={canEdit} onDelete={remove} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Totals totals={entries.data.totals} />
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {canEdit &&
        (items.length === 0 ? (
          <Notice>{labels.billableWork.noCatalog}</Notice>
        ) : (
          <div class="billable-forms">
            {items.some((item) => item.kind === 'labour') && (
              <LogTimeForm issueId={issueId} catalog={items} onAdded={entries.reload} />
            )}
            {items.some((item) => item.kind === 'part') && (
              <AddPartForm issueId={issueId} catalog={items} onAdded={entries.reload} />
            )}
          </div>
        ))}
    </div>
  );
};
