import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { listUsers } from '../api/client';
import type { PublicUser, Role } from '../api/types';
import { SelectField, TextField } from '../components/field';
import { LoadMore } from '../components/load-more';
import { PageHeader } from '../components/page-header';
import { RequireStaff } from '../components/require-staff';
import { useDebounced } from '../hooks/use-debounced';
import { usePagedList } from '../hooks/use-paged-list';
import { labels } from '../labels';
import { filteredPath, filterOptions, pickOption } from '../lib/list-filters';

const ROLES: Role[] = ['admin', 'staff', 'customer'];
const PAGE_SIZE = 25;

/** Keeps the filters in the address bar, so back, reload and shared links show the same list. */
const filterUrl = (q: string, role: string) => filteredPath('/users', { q, role });

const UsersTable = ({ users }: { users: PublicUser[] }) => (
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{labels.users.name}</th>
          <th scope="col">{labels.users.email}</th>
          <th scope="col">{labels.users.role}</th>
          <th scope="col">{labels.users.enabled}</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <td>
              <a href={`/users/${encodeURIComponent(user.id)}`}>{user.name}</a>
            </td>
            <td>{user.email}</td>
            <td>{labels.roles[user.role]}</td>
            <td>{user.enabled ? labels.common.yes : labels.common.no}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

const UsersList = () => {
  const { path, query, route } = useLocation();
  const [search, setSearch] = useState(query.q ?? '');
  const role = pickOption(query.role, ROLES);
  const q = useDebounced(search.trim(), 300);

  // Only a settled search writes the URL. While a link click is loading the next (lazy) page this one is
  // still mounted and sees that page's URL; reacting to it would drag the user back here.
  const latest = useRef({ path, query, role });
  latest.current = { path, query, role };
  useEffect(() => {
    const { path: currentPath, query: currentQuery, role: currentRole } = latest.current;
    if (currentPath === '/users' && (currentQuery.q ?? '') !== q) route(filterUrl(q, currentRole), true);
  }, [q, route]);

  const list = usePagedList(
    (cursor, signal) => listUsers({ q, role, limit: PAGE_SIZE, cursor }, { signal }),
    [q, role],
  );

  return (
    <div class="page">
      <PageHeader title={labels.users.title}>
        <a class="button button-primary" href="/users/new">
          {labels.users.newUser}
        </a>
      </PageHeader>
      <search class="filters">
        <TextField
          label={labels.users.search}
          name="q"
          type="search"
          value={search}
          onInput={setSearch}
          placeholder={labels.users.searchHint}
        />
        <SelectField
          label={labels.users.roleFilter}
          name="role"
          value={role}
          options={filterOptions(labels.users.anyRole, ROLES, labels.roles)}
          onChange={(value) => route(filterUrl(q, value), true)}
        />
      </search>
      {list.items.length > 0 && <UsersTable users={list.items} />}
      {!list.loading && !list.error && list.items.length === 0 && <p class="empty">{labels.users.empty}</p>}
      <LoadMore list={list} />
    </div>
  );
};

export const UsersPage = () => (
  <RequireStaff>
    <UsersList />
  </RequireStaff>
);
