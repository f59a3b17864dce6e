// dependencies and creationOrder: the edges Ref, Fn::GetAtt, Fn::Sub and DependsOn make, a Kahn sort
// that keeps template order among equals, and the cycles named in AWS's text.
import { describe, expect, it } from 'vitest';
import { creationOrder, dependencies, parseTemplate } from '../../../src/services/cloudformation/template/index.js';
import { thrown, validation } from './template-support.js';

const template = (resources: string) => parseTemplate(`Parameters:\n  P: {Type: String}\nResources:\n${resources.replace(/^/gm, '  ')}\n`);
const deps = (resources: string) => Object.fromEntries([...dependencies(template(resources))].map(([k, v]) => [k, [...v]]));

describe('dependencies', () => {
  it('Ref, GetAtt in both forms, Sub and DependsOn; never parameters or pseudo parameters', () => {
    const d = deps(
      [
        'A: {Type: AWS::KMS::Key, Properties: {Description: !Sub "${P}-${AWS::Region}"}}',
        'B: {Type: AWS::KMS::Alias, Properties: {TargetKeyId: !Ref A, AliasName: !Ref P}}',
        'C: {Type: AWS::KMS::ReplicaKey, Properties: {PrimaryKeyArn: !GetAtt A.Arn}}',
        'D: {Type: AWS::KMS::ReplicaKey, Properties: {PrimaryKeyArn: !GetAtt [C, Arn]}}',
        "E: {Type: AWS::KMS::Alias, Properties: {AliasName: !Sub 'alias/${D}-${C.KeyId}-${!B}'}}",
        'F: {Type: AWS::KMS::Key, DependsOn: E}',
        'G: {Type: AWS::KMS::Key, DependsOn: [A, F]}',
      ].join('\n'),
    );
    expect(d).toEqual({ A: [], B: ['A'], C: ['A'], D: ['C'], E: ['D', 'C'], F: ['E'], G: ['A', 'F'] });
  });

  it('Sub list-form variables are not edges, but their values are', () => {
    expect(deps("A: {Type: AWS::KMS::Key}\nB: {Type: AWS::KMS::Key}\nC: {Type: AWS::KMS::Alias, Properties: {AliasName: !Sub ['${A}-${X}', {A: lit, X: !Ref B}]}}").C).toEqual(['B']);
  });

  it('both branches of Fn::If, and Metadata, count', () => {
    expect(deps('A: {Type: AWS::KMS::Key}\nB: {Type: AWS::KMS::Key}\nC: {Type: AWS::KMS::Key}\nD: {Type: AWS::KMS::Alias, Metadata: {x: !Ref C}, Properties: {TargetKeyId: !If [X, !Ref A, !Ref B]}}').D).toEqual(['C', 'A', 'B']);
  });

  it('a Condition key in a key policy is data, not a reference', () => {
    expect(deps("A: {Type: AWS::KMS::Key}\nB: {Type: AWS::KMS::Key, Properties: {KeyPolicy: {Statement: [{Condition: {StringEquals: {'kms:ViaService': !Sub 'x.${AWS::Region}'}}}]}}}").B).toEqual([]);
  });
});

describe('creationOrder', () => {
  it('independent resources keep template order', () => {
    expect(creationOrder(template('Z: {Type: AWS::KMS::Key}\nA: {Type: AWS::KMS::Key}\nM: {Type: AWS::KMS::Key}'))).toEqual(['Z', 'A', 'M']);
  });

  it('a dependency comes first; ties among the ready keep template order', () => {
    const t = template(['Alias: {Type: AWS::KMS::Alias, Properties: {TargetKeyId: !Ref Key}}', 'Other: {Type: AWS::KMS::Key}', 'Key: {Type: AWS::KMS::Key}', 'Last: {Type: AWS::KMS::Key, DependsOn: Alias}'].join('\n'));
    expect(creationOrder(t)).toEqual(['Other', 'Key', 'Alias', 'Last']);
  });

  it('a resource waits for its last dependency, then takes its template place among the ready', () => {
    const t = template(['A: {Type: AWS::KMS::Key, DependsOn: [C, D]}', 'B: {Type: AWS::KMS::Key}', 'C: {Type: AWS::KMS::Key}', 'D: {Type: AWS::KMS::Key, DependsOn: B}', 'E: {Type: AWS::KMS::Key}'].join('\n'));
    expect(creationOrder(t)).toEqual(['B', 'C', 'D', 'A', 'E']);
  });

  it('deletion is the reverse', () => {
    const t = template('Alias: {Type: AWS::KMS::Alias, Properties: {TargetKeyId: !Ref Key}}\nKey: {Type: AWS::KMS::Key}');
    expect(creationOrder(t).reverse()).toEqual(['Alias', 'Key']);
  });

  it('only the resources included; edges to others are ignored', () => {
    const t = template('A: {Type: AWS::KMS::Key}\nB: {Type: AWS::KMS::Alias, Properties: {TargetKeyId: !Ref A}}\nC: {Type: AWS::KMS::Key, DependsOn: B}');
    expect(creationOrder(t, new Set(['C', 'B']))).toEqual(['B', 'C']);
    expect(creationOrder(t, new Set(['C']))).toEqual(['C']);
  });
});

describe('cycles', () => {
  const cycle = (names: string) => validation(`Circular dependency between resources: [${names}]`);
  it('two resources that refer to each other', () => {
    expect(thrown(() => creationOrder(template('B: {Type: AWS::KMS::Key, DependsOn: A}\nA: {Type: AWS::KMS::Key, Properties: {Description: !Ref B}}')))).toEqual(cycle('B, A'));
  });
  it('through Fn::Sub', () => {
    expect(thrown(() => creationOrder(template("A: {Type: AWS::KMS::Key, Properties: {Description: !Sub '${B.Arn}'}}\nB: {Type: AWS::KMS::Key, Properties: {Description: !Sub '${A}'}}")))).toEqual(cycle('A, B'));
  });
  it('a resource that refers to itself', () => {
    expect(thrown(() => creationOrder(template('A: {Type: AWS::KMS::Key, Properties: {Description: !GetAtt A.Arn}}')))).toEqual(cycle('A'));
  });
  it('names the resources on the cycle, not those waiting on it, in template order', () => {
    const t = template(['W: {Type: AWS::KMS::Key, DependsOn: C1}', 'C3: {Type: AWS::KMS::Key, DependsOn: C2}', 'OK: {Type: AWS::KMS::Key}', 'C1: {Type: AWS::KMS::Key, DependsOn: C3}', 'C2: {Type: AWS::KMS::Key, DependsOn: C1}', 'X: {Type: AWS::KMS::Key, DependsOn: X2}', 'X2: {Type: AWS::KMS::Key, DependsOn: X}'].join('\n'));
    expect(thrown(() => creationOrder(t))).toEqual(cycle('C3, C1, C2, X, X2'));
  });
  it('a cycle outside the included resources does not count', () => {
    const t = template('A: {Type: AWS::KMS::Key, DependsOn: B}\nB: {Type: AWS::KMS::Key, DependsOn: A}\nC: {Type: AWS::KMS::Key}');
    expect(creationOrder(t, new Set(['A', 'C']))).toEqual(['A', 'C']);
  });
});
