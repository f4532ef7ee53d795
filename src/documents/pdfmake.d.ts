/**
 * The two pdfmake 0.3 modules Årshjul uses directly (the package's default export is a singleton with global
 * fonts and a global virtual file system, which a renderer called from concurrent activities must not share).
 */
declare module 'pdfmake/js/Printer' {
  import type { TDocumentDefinitions } from 'pdfmake/interfaces';

  interface PdfKitDocument {
    on(event: 'data', listener: (chunk: Buffer) => void): this;
    on(event: 'end' | 'error', listener: (arg?: unknown) => void): this;
    end(): void;
  }

  export default class PdfPrinter {
    constructor(
      fontDescriptors: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>,
      virtualfs: {
        existsSync(name: string): boolean;
        readFileSync(name: string): Buffer;
        writeFileSync(name: string, content: unknown): void;
      },
      urlResolver: unknown,
      localAccessPolicy: (path: string) => boolean,
    );
    createPdfKitDocument(definition: TDocumentDefinitions): Promise<PdfKitDocument>;
  }
}

declare module 'pdfmake/js/URLResolver' {
  export default class URLResolver {
    constructor(fs: unknown);
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
  }
}
