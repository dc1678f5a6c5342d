export { type AddressClass, classifyAddress, isPublicAddress } from './address-class';
export {
  AddressRefusedError,
  type AddressPolicy,
  guardedLookup,
  type HostResolver,
  systemResolver,
} from './guarded-lookup';
export { isHostAllowed, isValidHostAllowList, parseHostAllowList } from './host-allow-list';
export {
  LOCAL_RECEIVER_HOSTS,
  OutboundHttpClient,
  type OutboundHttpOptions,
  type OutboundRequest,
  type OutboundResponse,
} from './outbound-http.client';
