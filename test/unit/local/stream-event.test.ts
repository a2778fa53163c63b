import { describe, expect, it } from 'vitest';
import { toEventRecord } from '../../../local/stream-event';

describe('a stream record as Lambda hands it over', () => {
  it('keeps an empty map a map (the Streams client reads it as an empty value)', () => {
    const record = toEventRecord(
      {
        eventName: 'INSERT',
        dynamodb: {
          Keys: { PK: { S: 'JOB#1' }, SK: { S: 'ITEM#000001' } },
          NewImage: {
            PK: { S: 'JOB#1' },
            results: {} as never,
            subjects: { L: [{ S: 'a' }] },
            nested: { M: { inner: {} as never } },
          },
          SequenceNumber: '1',
        },
      },
      'arn:aws:dynamodb:local:000000000000:table/t/stream/1',
    );

    expect(record.dynamodb?.NewImage).toEqual({
      PK: { S: 'JOB#1' },
      results: { M: {} },
      subjects: { L: [{ S: 'a' }] },
      nested: { M: { inner: { M: {} } } },
    });
  });
});
