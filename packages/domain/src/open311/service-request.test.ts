import { describe, expect, it } from 'vitest';
import { readServiceRequest } from './service-request.js';

const context = {
  serviceCodes: new Set(['pothole', 'graffiti']),
  inCity: (lon: number, lat: number) => lon > -123 && lon < -122 && lat > 37 && lat < 38,
};

describe('readServiceRequest', () => {
  it('reads the spec example (form fields are text)', () => {
    const read = readServiceRequest(
      {
        jurisdiction_id: 'city.gov',
        service_code: 'pothole',
        lat: '37.76524078',
        long: '-122.4212043',
        address_string: '1234 5th street',
        email: 'smit222@sfgov.edu',
        device_id: 'tt222111',
        account_id: '123456',
        first_name: 'john',
        last_name: 'smith',
        phone: '111111111',
        description: 'A large sinkhole is destroying the street',
        media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
      },
      context,
    );
    expect(read).toEqual({
      ok: true,
      request: {
        serviceCode: 'pothole',
        lat: 37.76524078,
        lon: -122.4212043,
        address: '1234 5th street',
        description: 'A large sinkhole is destroying the street',
        mediaUrl: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
        deviceId: 'tt222111',
        accountId: '123456',
        apiKey: null,
        reporter: { email: 'smit222@sfgov.edu', firstName: 'john', lastName: 'smith', phone: '111111111' },
      },
    });
  });

  it('lists every problem at once', () => {
    const read = readServiceRequest(
      {
        lat: 'north',
        description: 'x'.repeat(4001),
        email: 'not an address',
        media_url: 'javascript:alert(1)',
        phone: ['1', '2'],
      },
      context,
    );
    expect(read.ok).toBe(false);
    const problems = read.ok ? [] : read.problems;
    expect(problems).toEqual([
      'service_code: missing (say which kind of problem this is; see services.json)',
      'lat: must be a number from -90 to 90 in degrees (got "north")',
      'long: missing (lat was given; both are needed)',
      'description: must be at most 4000 characters (got 4001)',
      'phone: given more than once',
      'email: must be an e-mail address like name@example.org (got "not an address")',
      'media_url: must be an http or https address of at most 2000 characters',
    ]);
  });

  it('says an address alone cannot be placed offline, and a point outside the city is refused', () => {
    const address = readServiceRequest({ service_code: 'pothole', address_string: '1 Main St' }, context);
    expect(address.ok ? [] : address.problems).toEqual([
      expect.stringContaining('lat and long: missing: this service cannot find an address on the map'),
    ]);
    const outside = readServiceRequest({ service_code: 'pothole', lat: '48.85', long: '2.35' }, context);
    expect(outside.ok ? [] : outside.problems).toEqual([
      'lat and long: 48.85, 2.35 is outside the city this service covers',
    ]);
    const unknown = readServiceRequest({ service_code: 'potholes', lat: 37.5, long: -122.5 }, context);
    expect(unknown.ok ? [] : unknown.problems).toEqual([
      'service_code: "potholes" is not a service of this city (see GET /open311/v2/services.json)',
    ]);
  });

  it('keeps text as plain text: control characters removed, markup kept as the characters it is', () => {
    const read = readServiceRequest(
      {
        service_code: 'graffiti',
        lat: 37.5,
        long: -122.5,
        description: 'a\u0007b <script>x</script>\r\nnext',
      },
      context,
    );
    expect(read.ok && read.request.description).toBe('ab <script>x</script>\nnext');
  });
});
