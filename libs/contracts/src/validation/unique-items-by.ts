import { ValidateBy, type ValidationOptions } from 'class-validator';

export const UNIQUE_ITEMS_BY = 'uniqueItemsBy';

/**
 * No two items of the array have the same `field` (class-validator's `ArrayUnique(selector)`
 * hides its selector in a closure; this one keeps the field name in the metadata, where the
 * gateway's OpenAPI document reads it).
 */
export function UniqueItemsBy(field: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: UNIQUE_ITEMS_BY,
      constraints: [field],
      validator: {
        validate: (value: unknown) => {
          if (!Array.isArray(value)) return false;
          const keys = value.map((item: unknown) =>
            typeof item === 'object' && item !== null
              ? (item as Record<string, unknown>)[field]
              : item,
          );
          return new Set(keys).size === keys.length;
        },
        defaultMessage: () => `no two of $property may have the same ${field}`,
      },
    },
    options,
  );
}
