// Kept free of imports so that the Copilot page (a client component) can use it.

/**
 * Questions the copilot answers, shown as buttons on the Copilot page and when it cannot
 * answer one. The end-to-end test checks that the served model writes the expected call
 * for each, so keep it in step when changing this list.
 */
export const EXAMPLE_QUESTIONS = [
  "What was my net profit last week?",
  "What was the ACoS by campaign last month?",
  "Top 10 search terms by spend in the last 30 days",
  "Net profit by SKU last month",
  "How did revenue last month compare with the previous period?",
  "Ad spend by day last week",
  "Why did my profit drop last month?",
  "Which bids should I change?",
] as const;
