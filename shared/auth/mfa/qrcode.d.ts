// qrcode ships no types (and @types/qrcode is not a dependency): the one call Deskbooks makes.
declare module 'qrcode' {
  type SvgOptions = { type: 'svg'; margin?: number; errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' };
  // biome-ignore lint/suspicious/noShadowRestrictedNames: the package's own export name.
  export function toString(text: string, options: SvgOptions): Promise<string>;
}
