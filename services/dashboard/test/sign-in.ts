/**
 * Browser tests act as a signed-in user: the dashboard's API calls and its live socket need a session
 * (twin-auth). Signs in as the service's first admin and hands the session cookie to the page's context.
 */
import { signIn } from '@twin/test-kit';
import type { Page } from 'playwright-core';

export async function signInPage(
  page: Page,
  base: string,
  username?: string,
  password?: string,
): Promise<void> {
  const cookie = await signIn(base, username, password);
  await page.context().addCookies([{ ...cookie, url: base, httpOnly: true, sameSite: 'Strict' }]);
}
