package io.credence.report;

/** Escaping for text put into HTML and SVG, the one way any string reaches the report. */
final class Html {
  private Html() {}

  /** {@code s} with the five characters that are special in markup and attributes escaped. */
  static String escape(Object s) {
    String text = String.valueOf(s);
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
