import { listSecurityActivity } from '../api/client';
import type { SecurityEvent } from '../api/types';
import { usePagedList } from '../hooks/use-paged-list';
import { labels } from '../labels';
import { formatDateTime } from '../lib/format';
import { activityActor, activityLabel, activityOrigin, activitySubject } from '../lib/security';
import { LoadMore } from './load-more';

const UserName = ({ name, userId }: { name: string; userId?: string | undefined }) =>
  userId ? <a href={`/users/${encodeURIComponent(userId)}`}>{name}</a> : name;

const ActivityRow = ({ event }: { event: SecurityEvent }) => {
  const subject = activitySubject(event);
  const actor = activityActor(event);
  return (
    <tr>
      <th scope="row">{activityLabel(event.action)}</th>
      <td>
        <UserName name={subject.name} userId={subject.userId} />
        {actor && (
          <>
            {' '}
            {labels.security.by} <UserName name={actor.name} userId={actor.userId} />
          </>
        )}
      </td>
      <td>{formatDateTime(event.at)}</td>
      <td>{activityOrigin(event) || labels.common.none}</td>
    </tr>
  );
};

/** Settings → Security → "Activity" (admins): the audit trail's security events, newest first, paged. */
export const SecurityActivityPanel = () => {
  const list = usePagedList((cursor, signal) => listSecurityActivity({ cursor }, { signal }), []);
  return (
    <section aria-labelledby="security-activity">
      <h3 id="security-activity">{labels.security.activity}</h3>
      <p class="field-hint">{labels.security.activityHint}</p>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <p>{labels.security.activityEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby="security-activity">
            <thead>
              <tr>
                <th scope="col">{labels.security.what}</th>
                <th scope="col">{labels.security.who}</th>
                <th scope="col">{labels.security.when}</th>
                <th scope="col">{labels.security.whereFrom}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((event) => (
                <ActivityRow key={event.id} event={event} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={list} />
    </section>
  );
};
