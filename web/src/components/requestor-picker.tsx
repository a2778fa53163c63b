import { labels } from '../labels';
import { UserPicker, type UserPickerProps } from './user-picker';

/** Who an issue is for: required on the issue form. */
export const RequestorPicker = (props: UserPickerProps) => (
  <UserPicker
    {...props}
    label={labels.issues.requestor}
    name="requestorId"
    searchLabel={labels.issues.findRequestor}
    searchHint={labels.issues.findRequestorHint}
    noneChosen={labels.issues.chooseRequestor}
    required
  />
);
