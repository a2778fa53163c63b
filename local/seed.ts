import { listCatalogItems } from '../shared/billing/catalog-repository';
import { createIssueEntry } from '../shared/billing/create-issue-entry';
import type { Table } from '../shared/db/table';
import { createIssue } from '../shared/issues/create-issue';
import type { CreateIssueInput, IssueStatus } from '../shared/issues/issue';
import { createUser } from '../shared/users/create-user';
import type { CreateUserInput, User } from '../shared/users/user';
import { findUserIdByEmail, getUser } from '../shared/users/user-repository';

export type AdminAccount = { email: string; password: string };

const CUSTOMERS: Omit<CreateUserInput, 'role' | 'enabled'>[] = [
  {
    name: 'Maria Garcia',
    email: 'maria@brightsmiles.example',
    company: 'Bright Smiles Dental',
    phone: '+1 415 555 0101',
    address: {
      line1: '120 Market St',
      city: 'San Francisco',
      region: 'CA',
      postalCode: '94105',
      country: 'US',
    },
  },
  {
    name: 'James Chen',
    email: 'james@chenarchitects.example',
    company: 'Chen Architects',
    phone: '+1 206 555 0142',
    address: {
      line1: '88 Pine St',
      line2: 'Suite 400',
      city: 'Seattle',
      region: 'WA',
      postalCode: '98101',
      country: 'US',
    },
  },
  {
    name: 'Aisha Okafor',
    email: 'aisha@okaforlaw.example',
    company: 'Okafor & Partners',
    phone: '+1 312 555 0177',
    address: { line1: '55 W Monroe St', city: 'Chicago', region: 'IL', postalCode: '60603', country: 'US' },
  },
  {
    name: 'Liam Murphy',
    email: 'liam@murphybakery.example',
    company: 'Murphy Family Bakery',
    phone: '+1 617 555 0190',
    address: { line1: '9 Hanover St', city: 'Boston', region: 'MA', postalCode: '02113', country: 'US' },
  },
  {
    name: 'Sofia Rossi',
    email: 'sofia@rossidesign.example',
    company: 'Rossi Design Studio',
    phone: '+1 212 555 0133',
    address: {
      line1: '300 Lafayette St',
      city: 'New York',
      region: 'NY',
      postalCode: '10012',
      country: 'US',
    },
  },
  {
    name: 'Noah Williams',
    email: 'noah@williamsplumbing.example',
    company: 'Williams Plumbing',
    phone: '+1 512 555 0118',
    address: { line1: '1400 Congress Ave', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
  },
  {
    name: 'Emma Johansson',
    email: 'emma@nordicfit.example',
    company: 'Nordic Fitness',
    phone: '+1 303 555 0165',
    address: { line1: '1600 Wynkoop St', city: 'Denver', region: 'CO', postalCode: '80202', country: 'US' },
  },
  {
    name: 'Raj Patel',
    email: 'raj@patelpharmacy.example',
    company: 'Patel Pharmacy',
    phone: '+1 404 555 0129',
    address: {
      line1: '200 Peachtree St NW',
      city: 'Atlanta',
      region: 'GA',
      postalCode: '30303',
      country: 'US',
    },
  },
  {
    name: 'Chloe Martin',
    email: 'chloe.martin@example.com',
    phone: '+1 503 555 0150',
    address: {
      line1: '742 SE Division St',
      city: 'Portland',
      region: 'OR',
      postalCode: '97202',
      country: 'US',
    },
  },
  {
    name: 'Diego Hernandez',
    email: 'diego@hernandezauto.example',
    company: 'Hernandez Auto Repair',
    phone: '+1 602 555 0184',
    address: { line1: '4410 N 7th Ave', city: 'Phoenix', region: 'AZ', postalCode: '85013', country: 'US' },
  },
];

const ISSUE_TITLES = [
  'Email not syncing on front desk PC',
  'Printer offline after router swap',
  'New laptop setup for hire',
  'VPN drops every few minutes',
  'Backup job failed overnight',
  'Shared drive permissions for new team',
  'Replace failing SSD in server',
  'Wi-Fi dead zone in back office',
  'Phishing email reported by staff',
  'Renew SSL certificate for website',
  'POS terminal freezes at checkout',
  'Migrate mailboxes to new domain',
  'Install security camera software',
  'Slow accounting software on workstation 3',
  'Set up MFA for all staff accounts',
  'Quarterly patching window',
  'Recover deleted project folder',
  'Conference room display not detected',
  'Onboard remote contractor',
  'Firewall rule for new vendor portal',
];
const STATUSES: IssueStatus[] = ['open', 'in_progress', 'resolved', 'closed'];

/** The admin named by the environment, created if no user has that email yet. */
export const ensureAdmin = async (
  deps: { table: Table; now: () => Date },
  account: AdminAccount,
): Promise<User> => {
  const existingId = await findUserIdByEmail(deps.table, account.email);
  if (!existingId) {
    await createUser(deps, {
      actor: { id: 'seed', role: 'admin' } as User,
      fields: {
        name: 'Avery Admin',
        email: account.email,
        role: 'admin',
        enabled: true,
        password: account.password,
      },
    });
  }
  const id = existingId ?? (await findUserIdByEmail(deps.table, account.email));
  return (await getUser(deps.table, id ?? '')) as User;
};

/**
 * Demo staff, customers and issues, made through the same services the API uses; most issues have
 * some billable time, on the catalogue's labour entry (the migrations give a new install one).
 */
export const seedDemoData = async (
  deps: { table: Table; now: () => Date },
  actor: User,
  staffPassword: string,
) => {
  const staff: User[] = [];
  for (const name of ['Sam Rivera', 'Jordan Lee']) {
    const created = await createUser(deps, {
      actor,
      fields: {
        name,
        email: `${name.split(' ')[0]?.toLowerCase()}@deskbooks.local`,
        role: 'staff',
        enabled: true,
        password: staffPassword,
      },
    });
    staff.push((await getUser(deps.table, created.id)) as User);
  }
  const labour = (await listCatalogItems(deps.table)).find((item) => item.kind === 'labour');
  const customers = [];
  for (const customer of CUSTOMERS) {
    customers.push(
      await createUser(deps, { actor, fields: { ...customer, role: 'customer', enabled: false } }),
    );
  }
  for (const [index, title] of ISSUE_TITLES.entries()) {
    const requestor = customers[index % customers.length];
    if (!requestor) continue;
    const fields: CreateIssueInput = {
      title,
      description: `${requestor.name} reported: ${title.toLowerCase()}.`,
      status: STATUSES[index % STATUSES.length] ?? 'open',
      requestorId: requestor.id,
      ...(index % 5 === 0 ? { billingEmail: `billing+${index}@${requestor.email.split('@')[1]}` } : {}),
    };
    const issue = await createIssue(deps, { actor, fields });
    const worker = staff[index % staff.length];
    if (!labour || !worker || index % 3 === 2) continue;
    await createIssueEntry(deps, {
      actor: worker,
      issue,
      fields: {
        kind: 'time',
        catalogId: labour.id,
        date: deps.now().toISOString().slice(0, 10),
        minutes: ((index % 4) + 1) * 30,
        rate: 9500,
        description: `Worked on: ${title.toLowerCase()}`,
        billable: true,
      },
    });
  }
};
