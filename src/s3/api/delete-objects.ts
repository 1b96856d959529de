// DeleteObjects (`POST /<bucket>?delete`): up to 1000 keys from an XML document, each deleted
// like a single DELETE; per-key failures are reported in the result, not as a request error.

import { resolveDecodedPath } from '../../object/index.ts';
import { deleteStored } from '../../processor/writes.ts';
import { readSmallBody } from './body.ts';
import { malformedXml, toS3Error } from './errors.ts';
import { xmlResponse } from './responses.ts';
import { objectChanged, type S3Request } from './request.ts';
import { parseXml, textOf, type XmlNode } from './xml.ts';

const MAX_KEYS = 1000;
// 1000 keys of up to 1024 bytes each, plus markup.
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

interface DeleteRequest {
  readonly keys: string[];
  readonly isQuiet: boolean;
}

function parseDeleteRequest(text: string): DeleteRequest {
  const root = parseXml(text, ['Object'])['Delete'];
  if (typeof root !== 'object' || root === null) throw malformedXml();

  const objects = (root as Record<string, unknown>)['Object'];
  if (!Array.isArray(objects) || objects.length === 0 || objects.length > MAX_KEYS) {
    throw malformedXml();
  }

  const keys = objects.map((object) => textOf(object, 'Key'));
  if (keys.some((key) => key === undefined || key === '')) throw malformedXml();

  const quiet = textOf(root, 'Quiet')?.trim().toLowerCase();
  return { keys: keys as string[], isQuiet: quiet === 'true' };
}

/** Deletes one key; the error entry when it failed. */
async function deleteKey(s3: S3Request, key: string): Promise<XmlNode | undefined> {
  try {
    const path = `/${s3.bucket}/${key}`;
    const object = resolveDecodedPath(path, s3.services.config);
    await deleteStored(s3.services, object);
    objectChanged(s3, object.bucket, object.key);
    return undefined;
  } catch (error) {
    const failure = toS3Error(error);
    return { Key: key, Code: failure.s3Code, Message: failure.message };
  }
}

export async function deleteObjects(s3: S3Request): Promise<Response> {
  const request = parseDeleteRequest(await readSmallBody(s3, MAX_DOCUMENT_BYTES));
  const deleted: XmlNode[] = [];
  const errors: XmlNode[] = [];

  // One at a time: a batch of 1000 must not open 1000 storage operations at once.
  for (const key of request.keys) {
    const error = await deleteKey(s3, key);
    if (error) errors.push(error);
    else if (!request.isQuiet) deleted.push({ Key: key });
  }

  return xmlResponse(s3.requestId, 'DeleteResult', { Deleted: deleted, Error: errors });
}
