// Insensitive and non-neutral wording through retext-equality (on unified + retext-english). The
// libraries are loaded only when a families directory configures `language:`, and the processor is
// built once per run: validation without language checks pays nothing for them.

export interface EqualityFinding {
  /** Index in the text of the flagged word's first character. */
  index: number;
  word: string;
  /** retext-equality's rule id, e.g. "chairman-chairwoman". */
  rule: string;
  suggestions: string[];
}

/** Finds the flagged words of one text. Synchronous: the processor is already built. */
export type EqualityChecker = (text: string) => EqualityFinding[];

interface Message {
  ruleId?: string | null;
  actual?: string | null;
  expected?: string[] | null;
  place?: { start?: { offset?: number } } | { offset?: number } | null;
}

let loading: Promise<EqualityChecker> | null = null;

/** The checker, built on first use and shared by every later call in this process. */
export function loadEqualityChecker(): Promise<EqualityChecker> {
  loading ??= (async () => {
    const [{ unified }, { default: retextEnglish }, { default: retextEquality }] = await Promise.all([
      import('unified'),
      import('retext-english'),
      import('retext-equality'),
    ]);
    let messages: Message[] = [];
    // The last plugin hands the file's messages out; unified's runSync otherwise keeps its file to itself.
    const capture = () => (_tree: unknown, file: { messages: Message[] }) => {
      messages = file.messages;
    };
    const processor = unified().use(retextEnglish).use(retextEquality).use(capture).freeze();
    return (text: string) => {
      messages = [];
      processor.runSync(processor.parse(text));
      return messages.flatMap((m) => {
        const place = m.place && 'start' in m.place ? m.place.start : (m.place as { offset?: number } | null);
        const index = place?.offset;
        if (index === undefined || !m.actual) return [];
        return [{ index, word: m.actual, rule: m.ruleId ?? 'equality', suggestions: m.expected ?? [] }];
      });
    };
  })();
  return loading;
}
