// Reads the credentials a request carries (§7.2 steps 1–3). Parsing only; nothing is verified.

import type { CredentialScope } from './sigv4.ts';
import { V4_ALGORITHM } from './sigv4.ts';

/** Query parameters of a V4 presigned URL. */
export const PRESIGN = {
  algorithm: 'X-Amz-Algorithm',
  credential: 'X-Amz-Credential',
  date: 'X-Amz-Date',
  expires: 'X-Amz-Expires',
  signedHeaders: 'X-Amz-SignedHeaders',
  signature: 'X-Amz-Signature',
} as const;

/** V4 credentials from the `Authorization` header or a presigned query. */
export interface V4Credentials {
  readonly scheme: 'v4-header' | 'v4-presigned';
  /** `""` when absent. */
  readonly accessKey: string;
  /** Undefined when the credential is not `<ak>/<date>/<region>/<service>/aws4_request`. */
  readonly scope: CredentialScope | undefined;
  /** Lower-cased names, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** Header: `x-amz-date` (else `Date`); presigned: `X-Amz-Date`. Undefined when absent. */
  readonly date: string | undefined;
  /** Presigned only: `X-Amz-Expires` as sent. */
  readonly expires: string | undefined;
}

/** `Authorization: AWS <ak>:<signature>`. */
export interface V2Credentials {
  readonly scheme: 'v2';
  readonly accessKey: string;
  readonly signature: string;
}

/** No `Authorization`, or a scheme this server does not know. */
export interface NoCredentials {
  readonly scheme: 'none';
  readonly accessKey: '';
}

export type Credentials = V4Credentials | V2Credentials | NoCredentials;

const NONE: NoCredentials = { scheme: 'none', accessKey: '' };

/** Splits `<ak>/<date>/<region>/<service>/aws4_request`; the key itself may contain `/`. */
function parseCredential(credential: string): Pick<V4Credentials, 'accessKey' | 'scope'> {
  const parts = credential.split('/');

  if (parts.length < 5 || parts.at(-1) !== 'aws4_request') {
    return { accessKey: parts[0] ?? '', scope: undefined };
  }

  const [date, region, service] = parts.slice(-4) as [string, string, string];
  return { accessKey: parts.slice(0, -4).join('/'), scope: { date, region, service } };
}

function splitSignedHeaders(list: string): string[] {
  return list === '' ? [] : list.split(';').map((name) => name.trim().toLowerCase());
}

function fromPresignedQuery(query: URLSearchParams): V4Credentials {
  return {
    scheme: 'v4-presigned',
    ...parseCredential(query.get(PRESIGN.credential) ?? ''),
    // §12 item 4: the reference split on `,`; the format is `;`-separated.
    signedHeaders: splitSignedHeaders(query.get(PRESIGN.signedHeaders) ?? ''),
    signature: query.get(PRESIGN.signature) ?? '',
    date: query.get(PRESIGN.date) ?? undefined,
    expires: query.get(PRESIGN.expires) ?? undefined,
  };
}

function fromV4Header(params: string, headers: Headers): V4Credentials {
  const fields = new Map<string, string>();

  for (const match of params.matchAll(/([A-Za-z]+)=([^,\s]*)/g)) {
    fields.set(match[1]!, match[2]!);
  }

  return {
    scheme: 'v4-header',
    ...parseCredential(fields.get('Credential') ?? ''),
    signedHeaders: splitSignedHeaders(fields.get('SignedHeaders') ?? ''),
    signature: fields.get('Signature') ?? '',
    date: headers.get('x-amz-date') ?? headers.get('date') ?? undefined,
    expires: undefined,
  };
}

function fromV2Header(params: string): V2Credentials | NoCredentials {
  const colon = params.lastIndexOf(':');
  if (colon <= 0) return NONE;

  return {
    scheme: 'v2',
    accessKey: params.slice(0, colon).trim(),
    signature: params.slice(colon + 1).trim(),
  };
}

/** The credentials of a request; a presigned signature takes precedence over the header. */
export function readCredentials(headers: Headers, query: URLSearchParams): Credentials {
  if (query.has(PRESIGN.signature)) return fromPresignedQuery(query);

  const authorization = headers.get('authorization')?.trim() ?? '';
  const space = authorization.indexOf(' ');
  if (space < 0) return NONE;

  const scheme = authorization.slice(0, space);
  const params = authorization.slice(space + 1);

  if (scheme === V4_ALGORITHM) return fromV4Header(params, headers);
  if (scheme === 'AWS') return fromV2Header(params);

  return NONE;
}
