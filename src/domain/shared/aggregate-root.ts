/** Collects the domain events an aggregate records until the application pulls them for the outbox. */
export abstract class AggregateRoot<Event> {
  private recordedEvents: Event[] = [];

  protected record(event: Event): void {
    this.recordedEvents.push(event);
  }

  pullDomainEvents(): Event[] {
    const events = this.recordedEvents;
    this.recordedEvents = [];
    return events;
  }
}
