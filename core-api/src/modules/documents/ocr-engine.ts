import { createRequire } from 'node:module';
import path from 'node:path';
import Tesseract from 'tesseract.js';

/** The languages whose data ships in an npm package (@tesseract.js-data/<code>); nothing is downloaded. */
export type OcrLanguage = 'eng' | 'spa';
export const ocrLanguages: OcrLanguage[] = ['eng', 'spa'];

export interface OcrWord {
  text: string;
  /** 0–100, as Tesseract reports it. */
  confidence: number;
  line: number;
}

export interface OcrResult {
  text: string;
  confidence: number;
  words: OcrWord[];
  language: OcrLanguage;
}

export interface OcrEngine {
  recognize(image: Buffer, language: OcrLanguage): Promise<OcrResult>;
  /** Terminates the workers (on app close). */
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * The folder of a language's LSTM data inside its npm package. `langPath` is a
 * local path, so tesseract.js reads the file from disk: a URL would be fetched,
 * and without a langPath it would go to a CDN.
 */
export function languageDataPath(language: OcrLanguage): string {
  return path.join(path.dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)), '4.0.0_best_int');
}

/**
 * Text from images with tesseract.js. Each language gets one worker (a worker
 * thread: recognition never runs on the event loop), created on first use and
 * kept; its jobs run one after another. `cacheMethod: 'none'` keeps tesseract
 * from writing copies of the data into the working directory.
 */
export function createOcrEngine(): OcrEngine {
  const workers = new Map<OcrLanguage, Promise<Tesseract.Worker>>();
  let closed = false;

  const workerFor = (language: OcrLanguage) => {
    let worker = workers.get(language);
    if (!worker) {
      worker = Tesseract.createWorker(language, Tesseract.OEM.LSTM_ONLY, {
        langPath: languageDataPath(language),
        cacheMethod: 'none',
        gzip: true,
        logger: () => undefined,
        errorHandler: () => undefined,
      });
      workers.set(language, worker);
      // A worker that failed to start is not kept: the next call tries again.
      worker.catch(() => workers.delete(language));
    }
    return worker;
  };

  return {
    async recognize(image, language) {
      if (closed) throw new Error('The OCR engine is closed.');
      const worker = await workerFor(language);
      const { data } = await worker.recognize(image, {}, { text: true, blocks: true });
      const words: OcrWord[] = [];
      let line = 0;
      for (const block of data.blocks ?? []) {
        for (const paragraph of block.paragraphs) {
          for (const row of paragraph.lines) {
            for (const word of row.words) words.push({ text: word.text, confidence: word.confidence, line });
            line += 1;
          }
        }
      }
      return { text: data.text, confidence: data.confidence, words, language };
    },
    async close() {
      closed = true;
      const running = [...workers.values()];
      workers.clear();
      await Promise.all(running.map(async (worker) => (await worker.catch(() => null))?.terminate()));
    },
  };
}
