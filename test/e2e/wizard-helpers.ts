// Steps the browser walks share: open the demo and keep its first zaps, ending on the Model step.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Opens the built-in demo, selects zaps 1…n on the Selection step and waits until the count shows, then goes to Model. */
export async function openDemoWithZaps(page: Page, zaps: number): Promise<void> {
  await page.getByTestId('open-demo').click();
  await page.getByTestId('dataset-summary').waitFor({ timeout: 120_000 });
  await page.getByTestId('next-selection').click();
  await page.getByTestId('step-selection').waitFor();
  const end = page.getByTestId('zap-end').locator('input');
  await end.fill(String(zaps));
  await end.blur();
  await expect
    .poll(() => page.getByTestId('selected-zaps').textContent(), { timeout: 60_000 })
    .toBe(String(zaps));
  await page.getByTestId('next-model').click();
}
