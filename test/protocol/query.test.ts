// The AWS Query codec both ways: form requests as botocore's QuerySerializer writes them, XML
// responses and ErrorResponses as its QueryParser reads them, and the strict XML reader.
import { describe, expect, it } from 'vitest';
import { KmsError } from '../../src/errors.js';
import {
  encodeQueryRequest,
  parseIsoTimestamp,
  parseQueryRequest,
  parseQueryResponse,
  queryError,
  queryErrorOf,
  queryResponse,
} from '../../src/protocol/query.js';
import { escapeXml, parseXml, XmlError } from '../../src/protocol/xml.js';
import { toyqModel as model } from '../support/toy-query-service.js';

const NS = 'https://toyq.example.com/doc/2026-12-04/';

const full = {
  Name: 'box-1',
  Labels: ['a b', 'x&y=z', ''],
  Size: { Width: 3, Height: 0 },
  Sealed: false,
  Tags: { team: 'blue', 'odd key': 'v+1%' },
  Payload: new Uint8Array([0, 1, 250, 255]),
};

describe('requests', () => {
  it('encodes lists, maps, nested structures, booleans, numbers and blobs as botocore does', () => {
    const body = encodeQueryRequest(model, 'PutBox', full);
    // botocore: Action and Version first, then members by path; urlencode writes spaces as '+'
    expect(body).toBe(
      'Action=PutBox&Version=2026-12-04&Name=box-1' +
        '&Labels.member.1=a+b&Labels.member.2=x%26y%3Dz&Labels.member.3=' +
        '&Size.Width=3&Size.Height=0&Sealed=false' +
        '&Tags.entry.1.key=team&Tags.entry.1.value=blue&Tags.entry.2.key=odd+key&Tags.entry.2.value=v%2B1%25' +
        '&Payload=AAH6%2Fw%3D%3D',
    );
    expect(parseQueryRequest(model, body)).toEqual({ operation: 'PutBox', request: full });
  });

  it('sends an empty list as `L=` and reads it back as []', () => {
    const body = encodeQueryRequest(model, 'PutBox', { Name: 'b', Labels: [] });
    expect(body).toBe('Action=PutBox&Version=2026-12-04&Name=b&Labels=');
    expect(parseQueryRequest(model, body).request).toEqual({ Name: 'b', Labels: [] });
  });

  it('reads what botocore sends: charset-free %-escapes, booleans in any case, ISO timestamps with microseconds', () => {
    const r = parseQueryRequest(model, 'Version=2026-12-04&Action=ListBoxes&MaxItems=%2B7&Marker=m%C3%A9&Unknown.member.1=x');
    expect(r).toEqual({ operation: 'ListBoxes', request: { MaxItems: 7, Marker: 'mé' } });
    expect(parseQueryRequest(model, 'Action=PutBox&Version=2026-12-04&Name=b&Sealed=TRUE').request).toEqual({ Name: 'b', Sealed: true });
    expect(parseIsoTimestamp('2026-01-15T12:00:00.123456Z')).toEqual(new Date('2026-01-15T12:00:00.123Z'));
    expect(parseIsoTimestamp('2026-01-15T14:00:00+02:00')).toEqual(new Date('2026-01-15T12:00:00Z'));
    expect(parseIsoTimestamp('2026-02-30T12:00:00Z')).toBeUndefined();
    expect(parseIsoTimestamp('2026-01-15 12:00:00')).toBeUndefined();
  });

  it('takes list items from 1 up to the first gap, and map entries with their keys', () => {
    const r = parseQueryRequest(model, 'Action=PutBox&Version=2026-12-04&Name=b&Labels.member.2=two&Labels.member.1=one&Labels.member.4=four');
    expect(r.request.Labels).toEqual(['one', 'two']);
    expect(() => parseQueryRequest(model, 'Action=PutBox&Version=2026-12-04&Name=b&Tags.entry.1.value=v')).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue' }),
    );
  });

  it('refuses a missing Action, an unknown Action and a wrong or missing Version in AWS words', () => {
    const err = (body: string) => {
      try {
        parseQueryRequest(model, body);
      } catch (e) {
        return [(e as KmsError).code, (e as KmsError).message];
      }
      return undefined;
    };
    expect(err('Version=2026-12-04')).toEqual(['MissingAction', 'Missing Action']);
    expect(err('Action=Explode&Version=2026-12-04')).toEqual(['InvalidAction', 'Could not find operation Explode for version 2026-12-04']);
    expect(err('Action=ListBoxes&Version=2010-05-08')).toEqual(['InvalidAction', 'Could not find operation ListBoxes for version 2010-05-08']);
    expect(err('Action=ListBoxes')).toEqual(['InvalidAction', 'Could not find operation ListBoxes for version NO_VERSION_SPECIFIED']);
    // Object.prototype names are no operations
    expect(err('Action=toString&Version=2026-12-04')?.[0]).toBe('InvalidAction');
  });

  it('refuses values that do not parse as their type', () => {
    for (const bad of ['MaxItems=seven', 'MaxItems=1.5']) {
      expect(() => parseQueryRequest(model, `Action=ListBoxes&Version=2026-12-04&${bad}`)).toThrow(
        expect.objectContaining({ code: 'InvalidParameterValue', message: expect.stringContaining('MaxItems') }),
      );
    }
    expect(() => parseQueryRequest(model, 'Action=PutBox&Version=2026-12-04&Name=b&Sealed=yes')).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => parseQueryRequest(model, 'Action=PutBox&Version=2026-12-04&Name=b&Payload=%%%')).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
  });
});

describe('responses', () => {
  const created = new Date('2026-01-15T12:00:00Z');
  const box = { ...full, CreatedAt: created };

  it('writes <OpResponse><OpResult>, members in model order, lists as <member>, maps as <entry>', () => {
    const xml = queryResponse(model, 'PutBox', { Box: { Name: 'n', Labels: ['<a>', 'b'], Tags: { k: 'v' }, Sealed: true, CreatedAt: created } }, 'req-1');
    expect(xml).toBe(
      `<PutBoxResponse xmlns="${NS}"><PutBoxResult><Box><Name>n</Name><Labels><member>&lt;a&gt;</member><member>b</member></Labels>` +
        '<Sealed>true</Sealed><CreatedAt>2026-01-15T12:00:00Z</CreatedAt><Tags><entry><key>k</key><value>v</value></entry></Tags></Box>' +
        '</PutBoxResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PutBoxResponse>\n',
    );
  });

  it('writes no Result element for an operation without output', () => {
    expect(queryResponse(model, 'DeleteBox', {}, 'r')).toBe(`<DeleteBoxResponse xmlns="${NS}"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteBoxResponse>\n`);
    expect(parseQueryResponse(model, 'DeleteBox', queryResponse(model, 'DeleteBox', {}, 'r'))).toEqual({});
  });

  it('reads back what it writes: nested structures, lists of structures, escaping, CR, blobs, timestamps', () => {
    const boxes = [box, { Name: 'tricky', Labels: [], Tags: {}, Size: {}, Sealed: true, CreatedAt: new Date('2026-01-15T12:00:00.250Z') }];
    const labelsWithCr = { Name: 'cr', Labels: ['line1\r\nline2', ' spaced ', ']]>', '"\'&'], CreatedAt: created };
    const out = { Boxes: [...boxes, labelsWithCr], IsTruncated: true, Marker: 'cr' };
    const xml = queryResponse(model, 'ListBoxes', out, 'id');
    expect(xml).toContain('<CreatedAt>2026-01-15T12:00:00.250Z</CreatedAt>');
    expect(xml).toContain('<Labels></Labels><Size></Size>');
    expect(parseQueryResponse(model, 'ListBoxes', xml)).toEqual(out);
  });

  it('writes ErrorResponse with Type, Code, Message and RequestId, and the client throws it as a KmsError', () => {
    const xml = queryError(model, 'BoxExists', 'Box <b> & "c" exists.', 'rid', true);
    expect(xml).toBe(
      `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>BoxExists</Code><Message>Box &lt;b&gt; &amp; &quot;c&quot; exists.</Message></Error>` +
        '<RequestId>rid</RequestId></ErrorResponse>\n',
    );
    expect(() => parseQueryResponse(model, 'PutBox', xml)).toThrow(expect.objectContaining({ code: 'BoxExists', message: 'Box <b> & "c" exists.' }));
    expect(queryError(model, 'InternalFailure', '', 'r', false)).toContain('<Type>Receiver</Type><Code>InternalFailure</Code></Error>');
  });

  it("gives an exception its code and status from the table, and the common errors AWS Query's names", () => {
    expect(queryErrorOf(model, 'BoxExists')).toEqual({ code: 'BoxExists', status: 409, sender: true });
    expect(queryErrorOf(model, 'NoSuchBox')).toEqual({ code: 'NoSuchBox', status: 404, sender: true });
    expect(queryErrorOf(model, 'ValidationException')).toEqual({ code: 'ValidationError', status: 400, sender: true });
    expect(queryErrorOf(model, 'InvalidSignatureException')).toEqual({ code: 'SignatureDoesNotMatch', status: 403, sender: true });
    expect(queryErrorOf(model, 'UnrecognizedClientException')).toEqual({ code: 'InvalidClientTokenId', status: 403, sender: true });
    expect(queryErrorOf(model, 'MissingAuthenticationTokenException')).toEqual({ code: 'MissingAuthenticationToken', status: 403, sender: true });
    expect(queryErrorOf(model, 'AccessDenied')).toEqual({ code: 'AccessDenied', status: 403, sender: true });
    expect(queryErrorOf(model, 'KMSInternalException')).toEqual({ code: 'InternalFailure', status: 500, sender: false });
    expect(queryErrorOf(model, 'SomethingElse')).toEqual({ code: 'SomethingElse', status: 400, sender: true });
    // a table without errorCode: the shape named <code>Exception
    const plain = { ...model, shapes: { ...model.shapes, NoSuchBoxException: { type: 'structure' as const, members: {}, exception: true } } };
    expect(queryErrorOf(plain, 'NoSuchBox')).toEqual({ code: 'NoSuchBox', status: 400, sender: true });
  });

  it('refuses an answer to another operation and text that is not XML', () => {
    expect(() => parseQueryResponse(model, 'PutBox', queryResponse(model, 'DeleteBox', {}, 'r'))).toThrow(/expected <PutBoxResponse>/);
    expect(() => parseQueryResponse(model, 'PutBox', '{"Box":{}}')).toThrow(XmlError);
  });
});

describe('the XML reader', () => {
  it('reads declarations, namespaces, attributes, CDATA, comments and references', () => {
    const doc = parseXml(
      '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a:Root xmlns:a="urn:x" k=\'v&amp;w\'>\n  <b>x &lt; &#65;&#x42; <![CDATA[<raw>&]]></b><!-- in --><c/>\n</a:Root>\n',
    );
    expect(doc.name).toBe('Root');
    expect(doc.attributes).toEqual({ 'xmlns:a': 'urn:x', k: 'v&w' });
    expect(doc.children.map((c) => [c.name, c.text])).toEqual([
      ['b', 'x < AB <raw>&'],
      ['c', ''],
    ]);
  });

  it('is strict: mismatched or unclosed tags, bad references, DOCTYPE and trailing content fail', () => {
    for (const bad of ['<a><b></a></b>', '<a>', '<a>&nbsp;</a>', '<a>&#0;</a>', '<a>x & y</a>', '<!DOCTYPE a><a/>', '<a/><b/>', '<a/>text', '', '<a b="1" b="2"/>', '<a b=1/>']) {
      expect(() => parseXml(bad), bad).toThrow(XmlError);
    }
  });

  it('escapes the characters markup would take, and CR so that it survives', () => {
    expect(escapeXml(`<&>"'\r\n`)).toBe(`&lt;&amp;&gt;&quot;'&#13;\n`);
    expect(parseXml(`<a>${escapeXml('a\r\nb\rc')}</a>`).text).toBe('a\r\nb\rc');
  });
});
