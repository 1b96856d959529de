// Public surface of Cloudinary mode's upload API (SPEC §10.2). The URL notation (§10.1) is a
// transform kind and lives in object/.

export {
  handleCloudinaryUpload,
  randomAlphanumeric,
  type UploadBucketShape,
  type UploadDeps,
} from './upload.ts';
export { isFreshTimestamp, signedText, signFields, type FormField } from './signature.ts';
