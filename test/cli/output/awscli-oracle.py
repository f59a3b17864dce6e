# Oracle for test/cli/output: runs the installed AWS CLI v1 formatters and botocore's paginator
# over cases read as JSON on stdin, and prints what each produced as JSON on stdout.
import argparse, io, json, sys

import jmespath
from awscli.formatter import get_formatter
from botocore.paginate import PageIterator


def fmt(case):
    query = case.get('query')
    args = argparse.Namespace(
        query=jmespath.compile(query) if query is not None else None,
        color=case.get('color', 'off'),
    )
    stream = io.StringIO()
    try:
        get_formatter(case['format'], args)(case['operation'], case['data'], stream)
    except Exception as e:  # the CLI prints str(e) and exits 255
        return {'error': str(e)}
    return {'out': stream.getvalue()}


def fake_method(n, calls):
    items = [{'KeyId': 'k%d' % i, 'KeyArn': 'arn:aws:kms:us-east-1:111122223333:key/k%d' % i}
             for i in range(n)]

    def method(**kwargs):
        calls.append(dict(kwargs))
        start = int(kwargs['Marker']) if 'Marker' in kwargs else 0
        limit = kwargs.get('Limit', 3)
        end = start + limit
        resp = {'Keys': items[start:end], 'Truncated': end < n}
        if end < n:
            resp['NextMarker'] = str(end)
        return resp
    return method


def page_iter(case, calls):
    return PageIterator(
        fake_method(case['n'], calls), ['Marker'], [jmespath.compile('NextMarker')],
        jmespath.compile('Truncated'), [jmespath.compile('Keys')], [], 'Limit',
        case.get('maxItems'), case.get('startingToken'), case.get('pageSize'), {})


def paginate(case):
    calls = []
    try:
        full = page_iter(case, calls).build_full_result()
    except Exception as e:  # the CLI prints str(e)
        return {'error': str(e)}
    text_calls = []
    args = argparse.Namespace(query=jmespath.compile(case['query']) if case.get('query') else None,
                              color='off')
    stream = io.StringIO()
    get_formatter('text', args)('ListKeys', page_iter(case, text_calls), stream)
    return {'full': full, 'calls': calls, 'text': stream.getvalue()}


results = []
for case in json.load(sys.stdin):
    results.append(paginate(case) if case.get('kind') == 'paginate' else fmt(case))
# colorama (the "on" styler) wraps sys.stdout with auto-reset codes; write to the real one.
sys.__stdout__.write(json.dumps(results))
