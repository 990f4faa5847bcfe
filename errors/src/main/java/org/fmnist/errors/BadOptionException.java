package org.fmnist.errors;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting's value is out of range or conflicts with another setting. The message names settings
 * as {@code {epochs}} in its template; {@link #getMessage()} writes them as the setting names of the
 * Java API ({@code epochs}, {@code validationSplit}), {@link #message} as a front end calls them
 * (the CLI: {@code --epochs}, {@code --validation-split}).
 */
public final class BadOptionException extends UserError {
  private static final Pattern SETTING = Pattern.compile("\\{([A-Za-z]+)}");

  private final String template;

  /** {@code template}: the message with each setting written {@code {name}}. */
  public BadOptionException(String template) {
    super(render(template, UnaryOperator.identity()));
    this.template = template;
  }

  /** The message with each setting named by {@code name}. */
  public String message(UnaryOperator<String> name) {
    return render(template, name);
  }

  private static String render(String template, UnaryOperator<String> name) {
    Matcher m = SETTING.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(name.apply(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
