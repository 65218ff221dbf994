/** Why a desk copy was not made (the target keeps nothing of it), in words for the person who asked. */
export class CopyNotMade extends Error {
  override name = 'CopyNotMade';
}
