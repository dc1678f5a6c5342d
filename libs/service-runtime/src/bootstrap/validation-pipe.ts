import { ValidationPipe } from '@nestjs/common';

/** One rule for every boundary, HTTP and message: unknown fields are refused, types converted. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
}
