import type { AmiAction } from '../../domain/amiFrame.js';
import { XucError } from '../../errors.js';

/**
 * Serializes an action to AMI wire text with our ActionID (any ActionID in the action is replaced).
 * Arrays repeat the header (`Variable`), which asterisk-ami-client's writer cannot do (it joins them
 * with commas). A CR or LF in a name or value would let a caller inject headers or whole actions,
 * so it is refused with XUC_ERR_INVALID_FIELD.
 */
export function serializeAmiAction(action: AmiAction, actionId: string): string {
  const lines: string[] = [];
  const add = (name: string, value: unknown) => {
    if (typeof value !== 'string') {
      throw new XucError('XUC_ERR_INVALID_FIELD', { field: name, detail: 'AMI header values must be strings' });
    }
    if (/[\r\n]/.test(value)) throw new XucError('XUC_ERR_INVALID_FIELD', { field: name, detail: 'line break in an AMI header value' });
    lines.push(`${name}: ${value}`);
  };
  if (typeof action?.Action !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(action.Action)) {
    throw new XucError('XUC_ERR_INVALID_FIELD', { field: 'Action', detail: 'not an AMI action name' });
  }
  add('Action', action.Action);
  add('ActionID', actionId);
  for (const [name, value] of Object.entries(action)) {
    if (name === 'Action' || name.toLowerCase() === 'actionid') continue;
    if (!/^[A-Za-z][A-Za-z0-9_()\/.-]*$/.test(name)) {
      throw new XucError('XUC_ERR_INVALID_FIELD', { field: name, detail: 'not an AMI header name' });
    }
    if (Array.isArray(value)) for (const v of value) add(name, v);
    else add(name, value);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}
