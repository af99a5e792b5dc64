export * from './cockpit.module';
export { ParkEventCategory } from './dto/park-event.model';
