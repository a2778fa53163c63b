/** QuickBooks' green "qb" mark, drawn inline so the page needs no image request. */
export const QboLogo = ({ size = 20 }: { size?: number }) => (
  <svg
    class="qbo-logo"
    role="img"
    aria-label="QuickBooks"
    width={size}
    height={size}
    viewBox="0 0 32 32"
    xmlns="http://www.w3.org/2000/svg"
  >
    <circle cx="16" cy="16" r="16" fill="#2ca01c" />
    <text
      x="16"
      y="21.5"
      fill="#fff"
      font-family="Arial, Helvetica, sans-serif"
      font-size="16"
      font-weight="700"
      text-anchor="middle"
    >
      qb
    </text>
  </svg>
);
