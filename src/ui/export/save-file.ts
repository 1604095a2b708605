import { streamToBlob } from '../../formats';

/** A file to save that is produced while it is written. */
export interface StreamedFile {
  fileName: string;
  mime: string;
  stream: ReadableStream<Uint8Array>;
}

interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<FileSystemFileHandle>;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Saves a streamed file. Where the browser can write to disk (showSaveFilePicker) the stream goes
 * straight into the chosen file, so a big export never sits in memory; elsewhere it is gathered into
 * a Blob and downloaded. Returns false when the user closed the save dialog. The producer of the
 * stream stops on `signal` too; aborting the pipe discards the half-written file.
 */
export async function saveStreamedFile(file: StreamedFile, signal: AbortSignal): Promise<boolean> {
  const picker = (window as SaveFilePickerWindow).showSaveFilePicker;
  let handle: FileSystemFileHandle | null = null;
  if (picker) {
    try {
      handle = await picker.call(window, { suggestedName: file.fileName });
    } catch (error) {
      if (isAbort(error)) {
        await file.stream.cancel();
        return false;
      }
      // No user gesture left (a slow start) or a blocked picker: fall back to a download.
      handle = null;
    }
  }
  if (handle) {
    const writable = await handle.createWritable();
    await file.stream.pipeTo(writable, { signal });
    return true;
  }
  const blob = await streamToBlob(file.stream, file.mime);
  signal.throwIfAborted();
  download(blob, file.fileName);
  return true;
}
