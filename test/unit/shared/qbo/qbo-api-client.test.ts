import { describe, expect, it } from 'vitest';
import { readFaults } from '../../../../shared/qbo/qbo-api-client';

describe('reading Intuit’s faults', () => {
  it('reads the PascalCase validation fault', () => {
    const body = {
      Fault: {
        Error: [
          {
            Message: 'Duplicate Name Exists Error',
            Detail: 'The name supplied already exists. : Ann',
            code: '6240',
            element: 'DisplayName',
          },
        ],
        type: 'ValidationFault',
      },
    };

    expect(readFaults(body)).toEqual([
      {
        code: '6240',
        message: 'Duplicate Name Exists Error',
        detail: 'The name supplied already exists. : Ann',
        element: 'DisplayName',
      },
    ]);
  });

  it('reads the lowercase gateway fault', () => {
    const body = {
      fault: {
        error: [
          {
            message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
            detail: 'Token expired: ab',
            code: '3200',
            element: null,
          },
        ],
        type: 'AUTHENTICATION',
      },
    };

    expect(readFaults(body)).toEqual([
      {
        code: '3200',
        message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
        detail: 'Token expired: ab',
        element: undefined,
      },
    ]);
  });

  it('finds nothing in a body that is not a fault (an HTML error page)', () => {
    expect(readFaults({ text: '<html>503</html>' })).toEqual([]);
  });
});
