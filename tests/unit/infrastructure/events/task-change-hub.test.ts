import { expect } from 'chai';
import { TaskChangeHub } from '../../../../src/infrastructure/events/task-change-hub.js';
import { decodeTaskChangeNotifications, encodeTaskChangeNotification, encodeTaskChangeNotifications } from '../../../../src/infrastructure/events/task-change-notification.js';

describe('TaskChangeHub', () => {
  it('routes an owner’s signals to that owner’s subscribers only', () => {
    const hub = new TaskChangeHub();
    const heard: string[] = [];
    hub.subscribe('alice', (seq) => heard.push(`alice#1:${seq}`));
    hub.subscribe('alice', (seq) => heard.push(`alice#2:${seq}`));
    hub.subscribe('bob', (seq) => heard.push(`bob:${seq}`));
    hub.publish('alice', 7);
    hub.publish('carol', 1);
    expect(heard).to.deep.equal(['alice#1:7', 'alice#2:7']);
    hub.publishToAll();
    expect(heard.slice(2)).to.deep.equal(['alice#1:null', 'alice#2:null', 'bob:null']);
  });

  it('counts subscriptions, and forgets each exactly once however often it is cancelled', () => {
    const hub = new TaskChangeHub();
    const signal = () => undefined;
    const first = hub.subscribe('alice', signal);
    const second = hub.subscribe('alice', signal);
    expect(hub.subscriberCount).to.equal(2);
    first();
    first();
    expect(hub.subscriberCount).to.equal(1);
    second();
    expect(hub.subscriberCount).to.equal(0);
    const heard: unknown[] = [];
    hub.subscribe('alice', (seq) => heard.push(seq));
    hub.publish('alice', 1);
    expect(heard).to.deep.equal([1]);
  });

  it('lets a subscriber cancel itself while being signalled', () => {
    const hub = new TaskChangeHub();
    const heard: string[] = [];
    const cancel = hub.subscribe('alice', () => {
      heard.push('first');
      cancel();
    });
    hub.subscribe('alice', () => heard.push('second'));
    hub.publish('alice', 1);
    hub.publish('alice', 2);
    expect(heard).to.deep.equal(['first', 'second', 'second']);
  });
});

describe('task change notifications', () => {
  it('carry only the owner id and a position, and read back what they carry', () => {
    const payload = encodeTaskChangeNotification({ ownerId: 'user "1"', seq: 42 });
    expect(JSON.parse(payload)).to.deep.equal({ u: 'user "1"', s: 42 });
    expect(decodeTaskChangeNotifications(payload)).to.deep.equal([{ ownerId: 'user "1"', seq: 42 }]);
    const erased = encodeTaskChangeNotification({ ownerId: 'bob', seq: 0, erased: true });
    expect(decodeTaskChangeNotifications(erased)).to.deep.equal([{ ownerId: 'bob', seq: 0, erased: true }]);
  });

  it('carry several owners in one payload, the first as a one-owner payload has it', () => {
    const [payload, ...rest] = encodeTaskChangeNotifications([
      ['alice', 3],
      ['bob "b"', 7],
      ['carol', 1],
    ]);
    expect(rest).to.deep.equal([]);
    expect(decodeTaskChangeNotifications(payload)).to.deep.equal([
      { ownerId: 'alice', seq: 3 },
      { ownerId: 'bob "b"', seq: 7 },
      { ownerId: 'carol', seq: 1 },
    ]);
    // What a reader of the one-owner form takes from it: the first owner, nothing it would refuse.
    expect(JSON.parse(payload!)).to.include({ u: 'alice', s: 3 });
    expect(encodeTaskChangeNotifications([['alice', 3]])).to.deep.equal([encodeTaskChangeNotification({ ownerId: 'alice', seq: 3 })]);
    expect(encodeTaskChangeNotifications([])).to.deep.equal([]);
  });

  it('split owners over as many payloads as PostgreSQL’s limit of 8,000 bytes a payload needs, each owner once', () => {
    // Owner ids as long as they can be, each character escaped in JSON.
    const changes = Array.from({ length: 60 }, (_, n) => [`${n}-`.padEnd(255, '"'), n + 1] as const);
    const payloads = encodeTaskChangeNotifications(changes);
    expect(payloads.length).to.be.greaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).to.be.below(8000);
    const read = payloads.flatMap((payload) => decodeTaskChangeNotifications(payload)!);
    expect(read).to.deep.equal(changes.map(([ownerId, seq]) => ({ ownerId, seq })));
  });

  it('ignore payloads they do not understand', () => {
    for (const payload of [
      undefined,
      '',
      'nope',
      '{}',
      '{"u":1,"s":2}',
      '{"u":"a","s":"2"}',
      '{"u":"a","s":1.5}',
      '{"u":"a","s":1,"m":{}}',
      '{"u":"a","s":1,"m":[["b"]]}',
      '{"u":"a","s":1,"m":[["b",1,2]]}',
      '{"u":"a","s":1,"m":[[2,1]]}',
      '{"u":"a","s":1,"m":[["b","1"]]}',
    ]) {
      expect(decodeTaskChangeNotifications(payload), String(payload)).to.equal(null);
    }
  });
});
