import { ValidateBy } from 'class-validator';
import { parseHealthWeights } from './health-score';

/** An env value parseHealthWeights accepts; the message says why not. */
export function IsHealthWeights(): PropertyDecorator {
  return ValidateBy({
    name: 'isHealthWeights',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && weightsProblem(value) === null,
      defaultMessage: (args) =>
        `$property must be <component>=<weight>,... over latency, errors, cpu, memory, traffic ` +
        `(${weightsProblem(String(args?.value)) ?? 'invalid'})`,
    },
  });
}

function weightsProblem(text: string): string | null {
  try {
    parseHealthWeights(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
