import { useState } from 'preact/hooks';
import {
  ApiError,
  createIssueEntry,
  deleteIssueEntry,
  listCatalog,
  listWorkers,
  updateIssueEntry,
} from '../api/client';
import type {
  BillableEntry,
  BillableEntryChanges,
  CatalogItem,
  IssueEntries,
  NewBillableEntry,
} from '../api/types';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { type Worker, workerChoices } from '../lib/billing';
import { formatDuration, parseDuration } from '../lib/duration';
import { formatDate } from '../lib/format';
import { useCurrentUser } from '../session';
import { ErrorBanner, Notice } from './error-banner';
import { CheckboxField, SelectField, TextField } from './field';
import { Loading } from './loading';

type FieldErrors = Record<string, string[] | undefined>;

const today = () => new Date().toISOString().slice(0, 10);

const quantityOf = (entry: BillableEntry) =>
  entry.kind === 'time' ? formatDuration(entry.minutes ?? 0) : (entry.quantity ?? '');

const COLUMNS = 9;

/** "Who": a staff member or an admin. */
const WhoField = ({
  workers,
  value,
  onChange,
  errors,
}: {
  workers: Worker[];
  value: string;
  onChange: (id: string) => void;
  errors: string[] | undefined;
}) => (
  <SelectField
    label={labels.billableWork.who}
    name="workedBy"
    value={value}
    options={workers.map((worker) => ({ value: worker.id, label: worker.name }))}
    onChange={onChange}
    errors={errors}
  />
);

/** Where the entry stands against the issue's invoices. */
const InvoicedCell = ({ entry }: { entry: BillableEntry }) => (
  <td>
    {entry.invoiced ? labels.billableWork.invoicedOn(entry.invoiced.label) : labels.billableWork.notInvoiced}
    {entry.outOfDate && (
      <>
        {' '}
        <span class="badge">{labels.billableWork.outOfDate}</span>
      </>
    )}
  </td>
);

type EntryRowProps = {
  issueId: number;
  entry: BillableEntry;
  canEdit: boolean;
  workers: Worker[];
  onDelete: (entry: BillableEntry) => void;
  onChanged: () => void;
};

const EntryRow = ({ issueId, entry, canEdit, workers, onDelete, onChanged }: EntryRowProps) => {
  const [editing, setEditing] = useState(false);
  // The server's reason a save was refused (changed meanwhile, or now on a paid invoice).
  const [refused, setRefused] = useState<string | undefined>(undefined);
  if (editing)
    return (
      <tr>
        <td colSpan={COLUMNS + 1}>
          <EditEntryForm
            issueId={issueId}
            entry={entry}
            workers={workers}
            onDone={(outcome) => {
              setEditing(false);
              setRefused(typeof outcome === 'object' ? outcome.refused : undefined);
              if (outcome !== 'unchanged') onChanged();
            }}
          />
        </td>
      </tr>
    );
  return (
    <tr>
      <td>{formatDate(entry.date)}</td>
      <td>{entry.catalogName}</td>
      <td>
        {entry.description}
        {refused && !entry.lockedReason && <Notice>{refused}</Notice>}
      </td>
      <td>{entry.workedBy?.name ?? ''}</td>
      <td class="numeric">{quantityOf(entry)}</td>
      <td class="numeric">${entry.rate ?? entry.unitPrice}</td>
      <td class="numeric">${entry.amount}</td>
      <td>{entry.billable ? labels.common.yes : labels.common.no}</td>
      <InvoicedCell entry={entry} />
      {canEdit && entry.lockedReason && (
        <td>
          <span class="field-hint">{entry.lockedReason}</span>
        </td>
      )}
      {canEdit && !entry.lockedReason && (
        <td class="inline-actions">
          <button
            type="button"
            class="button-secondary"
            aria-label={`${labels.billableWork.edit}: ${entry.description}`}
            onClick={() => setEditing(true)}
          >
            {labels.billableWork.edit}
          </button>
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
};

type EditOutcome = 'saved' | 'unchanged' | { refused: string };

/** A row's own form: only what changed is sent, with the version the row was read at. */
const EditEntryForm = ({
  issueId,
  entry,
  workers,
  onDone,
}: {
  issueId: number;
  entry: BillableEntry;
  workers: Worker[];
  onDone: (outcome: EditOutcome) => void;
}) => {
  const isTime = entry.kind === 'time';
  const [amount, setAmount] = useState(isTime ? formatDuration(entry.minutes ?? 0) : (entry.quantity ?? ''));
  const [price, setPrice] = useState((isTime ? entry.rate : entry.unitPrice) ?? '');
  const [workedBy, setWorkedBy] = useState(entry.workedBy?.id ?? '');
  const [description, setDescription] = useState(entry.description);
  const [billable, setBillable] = useState(entry.billable);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});

  const changes = (): BillableEntryChanges | FieldErrors => {
    const patch: BillableEntryChanges = { version: entry.version };
    if (isTime) {
      const minutes = parseDuration(amount);
      if (minutes === undefined) return { duration: [labels.billableWork.durationInvalid] };
      if (minutes !== entry.minutes) patch.minutes = minutes;
      if (price.trim() !== entry.rate) patch.rate = price.trim();
      if (workedBy !== (entry.workedBy?.id ?? '')) patch.workedBy = workedBy;
    } else {
      if (amount.trim() !== entry.quantity) patch.quantity = amount.trim();
      if (price.trim() !== entry.unitPrice) patch.unitPrice = price.trim();
    }
    if (description.trim() !== entry.description) patch.description = description.trim();
    if (billable !== entry.billable) patch.billable = billable;
    return patch;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(undefined);
    const patch = changes();
    if (!('version' in patch)) {
      setLocalErrors(patch as FieldErrors);
      return;
    }
    setLocalErrors({});
    if (Object.keys(patch).length === 1) return onDone('unchanged');
    setSaving(true);
    try {
      await updateIssueEntry(issueId, entry.id, patch as BillableEntryChanges);
      onDone('saved');
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'conflict') onDone({ refused: failure.message });
      else setError(failure);
    } finally {
      setSaving(false);
    }
  };

  const errors = { ...(error instanceof ApiError ? error.fieldErrors : {}), ...localErrors };
  return (
    <form class="form billable-edit" onSubmit={submit} noValidate>
      <TextField
        label={isTime ? labels.billableWork.duration : labels.billableWork.partQuantity}
        name={isTime ? 'duration' : 'quantity'}
        value={amount}
        onInput={setAmount}
        errors={isTime ? (errors.duration ?? errors.minutes) : errors.quantity}
        required
      />
      <TextField
        label={isTime ? labels.billableWork.rate : labels.billableWork.unitPrice}
        name={isTime ? 'rate' : 'unitPrice'}
        value={price}
        onInput={setPrice}
        errors={isTime ? errors.rate : errors.unitPrice}
        inputMode="decimal"
        required
      />
      {isTime && (
        <WhoField
          workers={workerChoices(workers, entry.workedBy)}
          value={workedBy}
          onChange={setWorkedBy}
          errors={errors.workedBy}
        />
      )}
      <TextField
        label={isTime ? labels.billableWork.description : labels.billableWork.partDescription}
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
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={saving}>
          {saving ? labels.billableWork.saving : labels.billableWork.save}
        </button>
        <button type="button" class="button-secondary" onClick={() => onDone('unchanged')}>
          {labels.common.cancel}
        </button>
      </div>
      {!Object.keys(errors).length && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
    </form>
  );
};

type EntryFormProps = { issueId: number; catalog: CatalogItem[]; onAdded: () => void };

/** "Log time": who did what, when, for how long, at the catalogue's rate unless another is given. */
const LogTimeForm = ({ issueId, catalog, workers, onAdded }: EntryFormProps & { workers: Worker[] }) => {
  const me = useCurrentUser();
  const labour = catalog.filter((item) => item.kind === 'labour');
  const [catalogId, setCatalogId] = useState(labour[0]?.id ?? '');
  const [workedBy, setWorkedBy] = useState(me.id);
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
          workedBy,
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
          <WhoField
            workers={workerChoices(workers, me)}
            value={workedBy}
            onChange={setWorkedBy}
            errors={errors.workedBy}
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

type BillableWorkPanelProps = {
  issueId: number;
  canEdit: boolean;
  /** The issue's entries, read by the page (the invoice section reads the same). */
  work: IssueEntries | undefined;
  /** Why reading them failed, if it did. */
  loadError: unknown;
  /** Reads the entries again: after an entry was added, changed or deleted here, or to retry. */
  onChange: () => void;
};

/** The issue's time and parts, with totals; staff log time, add parts and delete rows, customers read. */
export const BillableWorkPanel = ({
  issueId,
  canEdit,
  work,
  loadError,
  onChange,
}: BillableWorkPanelProps) => {
  const catalog = useAsync(
    (signal) => (canEdit ? listCatalog({ signal }) : Promise.resolve({ items: [] })),
    [canEdit],
  );
  const workers = useAsync((signal) => (canEdit ? listWorkers({ signal }) : Promise.resolve([])), [canEdit]);
  const [error, setError] = useState<unknown>(undefined);

  if (!work) return loadError ? <ErrorBanner error={loadError} onRetry={onChange} /> : <Loading />;
  if (catalog.loading || workers.loading) return <Loading />;

  const remove = async (entry: BillableEntry) => {
    if (!window.confirm(labels.billableWork.deleteConfirm)) return;
    setError(undefined);
    try {
      await deleteIssueEntry(issueId, entry.id);
      onChange();
    } catch (failure) {
      setError(failure);
      // Refused because it changed or got locked meanwhile: show the row as it is now.
      if (failure instanceof ApiError && failure.code === 'conflict') onChange();
    }
  };

  const items = catalog.data?.items ?? [];
  return (
    <div class="billable-work">
      {work.items.length === 0 ? (
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
              {work.items.map((entry) => (
                <EntryRow
                  key={entry.id}
                  issueId={issueId}
                  entry={entry}
                  canEdit={canEdit}
                  workers={workers.data ?? []}
                  onDelete={remove}
                  onChanged={onChange}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Totals totals={work.totals} />
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      <ErrorBanner error={loadError} onRetry={onChange} />
      <ErrorBanner error={workers.error} onRetry={workers.reload} />
      {canEdit &&
        (items.length === 0 ? (
          <Notice>{labels.billableWork.noCatalog}</Notice>
        ) : (
          <div class="billable-forms">
            {items.some((item) => item.kind === 'labour') && (
              <LogTimeForm
                issueId={issueId}
                catalog={items}
                workers={workers.data ?? []}
                onAdded={onChange}
              />
            )}
            {items.some((item) => item.kind === 'part') && (
              <AddPartForm issueId={issueId} catalog={items} onAdded={onChange} />
            )}
          </div>
        ))}
    </div>
  );
};
