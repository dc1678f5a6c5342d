/** The validated config of the running service (an instance of BaseServiceConfig or a subclass). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** The service's pino logger. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
/** Which service and which replica of it this process is. */
export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');
