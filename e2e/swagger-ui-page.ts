/** The service's `/docs` (Swagger UI) as a person uses it, in Playwright terms: what the browser test clicks and reads. */
import type { Locator, Page, Response } from 'playwright-core';

export class SwaggerUiPage {
  constructor(readonly page: Page) {}

  async open(serviceUrl: string): Promise<void> {
    await this.page.goto(`${serviceUrl}/docs`);
    await this.page.locator('.opblock').first().waitFor();
  }

  /** "Authorize", the token into the bearer field, "Authorize", "Close". */
  async authorize(token: string): Promise<void> {
    await this.page.locator('.auth-wrapper button.authorize').click();
    const dialog = this.page.locator('.modal-ux');
    await dialog.locator('#auth-bearer-value').fill(token);
    await dialog.getByRole('button', { name: 'Apply credentials' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  operation(method: string, path: string): Operation {
    const block = this.page
      .locator(`.opblock.opblock-${method}`)
      .filter({ has: this.page.locator(`.opblock-summary-path[data-path="${path}"]`) });
    return new Operation(this.page, block, path);
  }
}

export class Operation {
  constructor(
    private readonly page: Page,
    readonly block: Locator,
    readonly path: string,
  ) {}

  /** Expands the operation and clicks "Try it out": the form is then as Swagger UI fills it in by itself. */
  async tryItOut(): Promise<void> {
    await this.block.locator('.opblock-summary-control').click();
    await this.block.getByRole('button', { name: 'Try it out' }).click();
  }

  /** Types into one parameter's field, e.g. the task id of `/api/tasks/{id}`. */
  async fill(parameter: string, value: string): Promise<void> {
    await this.block.locator(`tr[data-param-name="${parameter}"] input`).fill(value);
  }

  /** The value in each text field and select of the form, by parameter name ('' when empty). */
  async formValues(): Promise<Record<string, string>> {
    const rows = this.block.locator('tr[data-param-name]');
    const values: Record<string, string> = {};
    for (const row of await rows.all()) {
      const name = (await row.getAttribute('data-param-name')) ?? '';
      const field = row.locator('input, select');
      values[name] = (await field.count()) > 0 ? await field.first().inputValue() : '';
    }
    return values;
  }

  /** Clicks "Execute"; resolves once the page has the response's headers (before a stream has ended). */
  async execute(): Promise<Response> {
    const pathname = new RegExp(`^${this.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const response = this.page.waitForResponse((candidate) => pathname.test(new URL(candidate.url()).pathname));
    await this.block.getByRole('button', { name: 'Execute' }).click();
    return response;
  }

  /** The URL Swagger UI says it requested. */
  requestUrl(timeoutMs = 15_000): Promise<string> {
    return this.block.locator('.request-url pre').innerText({ timeout: timeoutMs });
  }

  /** The status code and body shown under "Server response", once there is one. */
  async serverResponse(timeoutMs = 15_000): Promise<{ status: number; body: string }> {
    const row = this.block.locator('.live-responses-table tr.response');
    const body = row.locator('.response-col_description .highlight-code pre');
    await body.waitFor({ timeout: timeoutMs });
    return { status: Number(await row.locator('.response-col_status').innerText()), body: await body.innerText() };
  }
}
