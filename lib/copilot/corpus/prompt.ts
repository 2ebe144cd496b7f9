/**
 * The text format the copilot's model is trained on. A question and its call:
 *   "<|question|>" + question + "\n<|call|>" + call JSON + "\n<|end|>"
 * A glossary or answer text:
 *   "<|doc|>" + text + "\n<|end|>"
 */
import { CALL_TERMINATOR } from "../tool-calls";
import { callText, type ToolCall } from "./calls";

export const QUESTION_TOKEN = "<|question|>";
export const CALL_TOKEN = "<|call|>";
export const DOC_TOKEN = "<|doc|>";
export const END_TOKEN = "<|end|>";
export const PAD_TOKEN = "<|pad|>";

/** The special tokens in the order the tokenizer gives them ids (256 onwards). */
export const SPECIAL_TOKENS = [QUESTION_TOKEN, CALL_TOKEN, DOC_TOKEN, END_TOKEN, PAD_TOKEN] as const;

/** Returns whether `text` contains one of the special tokens, which would encode as that token. */
export function containsSpecialToken(text: string): boolean {
  return SPECIAL_TOKENS.some((token) => text.includes(token));
}

function checkText(text: string, what: string): void {
  if (containsSpecialToken(text)) {
    throw new RangeError(`Invalid ${what} "${text.slice(0, 80)}": it contains a special token (${SPECIAL_TOKENS.join(", ")}), which would split the document.`);
  }
}

/** Returns the training document of a question and its call. */
export function questionDocument(question: string, call: ToolCall): string {
  checkText(question, "question");
  return `${QUESTION_TOKEN}${question}\n${CALL_TOKEN}${callText(call)}${CALL_TERMINATOR}${END_TOKEN}`;
}

/** Returns the prompt the model continues at inference: everything up to the call. */
export function questionPrompt(question: string): string {
  checkText(question, "question");
  return `${QUESTION_TOKEN}${question}\n${CALL_TOKEN}`;
}

/** Returns the training document of a plain text (glossary entry, answer). */
export function plainDocument(text: string): string {
  checkText(text, "document text");
  return `${DOC_TOKEN}${text}\n${END_TOKEN}`;
}
