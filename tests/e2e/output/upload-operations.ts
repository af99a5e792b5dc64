import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '../../support/test-app';

export interface UploadedJob {
  id: string;
  fileType: string;
  format: string;
  fileName: string;
  byteSize: number;
  state: string;
  rowsTotal: number;
  rowsProcessed: number;
  figuresWritten: number;
  recordsCreated: number;
  recordsUpdated: number;
  invitationsIssued: number;
  encoding: string | null;
  errorCount: number;
  errors: { row: number; column: string | null; code: string; message: string }[];
}

export interface UploadAnswer {
  status: number;
  data?: {
    job: UploadedJob;
    replayed: boolean;
    invitations: { id: string; firmId: string; email: string | null; phone: string | null; token: string }[];
  };
  errors?: { message: string; extensions: { code: string; field?: string } }[];
}

/** POST /imports as a browser form or curl -F would send it: multipart, the file in the part named "file". */
export async function upload(
  app: TestApp,
  token: string | null,
  file: { fileType: string; fileName: string; bytes: Buffer; format?: string },
): Promise<UploadAnswer> {
  const form = new FormData();
  form.set('fileType', file.fileType);
  if (file.format) form.set('format', file.format);
  form.set('file', new Blob([new Uint8Array(file.bytes)]), file.fileName);
  const response = await fetch(`${app.url}/imports`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return { status: response.status, ...((await response.json()) as Omit<UploadAnswer, 'status'>) };
}

export async function uploaded(app: TestApp, token: string, file: Parameters<typeof upload>[2]) {
  const answer = await upload(app, token, file);
  if (!answer.data) throw new Error(`upload refused: ${answer.status} ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

export function importFixture(name: string): Buffer {
  return readFileSync(join(__dirname, '..', '..', 'fixtures', 'imports', name));
}
