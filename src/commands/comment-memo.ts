/**
 * Work the commands of one comment share (a `/stop homebrew` and a `/stop npm` check the same
 * workflows): the first command to ask starts it, the others get the same promise. One per comment.
 */
export class CommentMemo {
  private readonly started = new Map<string, Promise<unknown>>();

  once<T>(key: string, work: () => Promise<T>): Promise<T> {
    let pending = this.started.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = work();
      this.started.set(key, pending);
    }
    return pending;
  }
}
