/**
 * The table write after the far side took a message (SES accepted an e-mail, a buyer took a
 * ConfirmationRequest): retried, because giving up here would leave the message `sending`.
 */
export async function bookkeep(write: () => Promise<void>, sleep: (ms: number) => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 5) throw Object.assign(error as Error, { bookkeeping: true });
      await sleep(100 * 2 ** attempt);
    }
  }
}
