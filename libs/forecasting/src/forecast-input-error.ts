/** The input cannot be forecast as given (no observations, a bad horizon or level). */
export class ForecastInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForecastInputError';
  }
}
