// KMS API request/response shapes of the custom key store operations.
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape } from '../../../api/types.js';

export const storeShapes: Readonly<Record<string, Shape>> = {
  ConnectCustomKeyStoreRequest: {
    type: 'structure',
    required: ['CustomKeyStoreId'],
    members: {
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
    },
  },
  ConnectCustomKeyStoreResponse: {
    type: 'structure',
    members: {
    },
  },
  CreateCustomKeyStoreRequest: {
    type: 'structure',
    required: ['CustomKeyStoreName'],
    members: {
      CustomKeyStoreName: {
        shape: 'CustomKeyStoreNameType',
        doc: 'The friendly name of the custom key store.',
      },
      CloudHsmClusterId: {
        shape: 'CloudHsmClusterIdType',
        doc: 'The AWS CloudHSM cluster behind the key store.',
      },
      TrustAnchorCertificate: {
        shape: 'TrustAnchorCertificateType',
        doc: 'The trust anchor certificate of the CloudHSM cluster.',
      },
      KeyStorePassword: {
        shape: 'KeyStorePasswordType',
        doc: 'The password of the kmsuser crypto user in the CloudHSM cluster.',
      },
      CustomKeyStoreType: {
        shape: 'CustomKeyStoreType',
        doc: 'Whether the store is backed by CloudHSM or an external key manager.',
      },
      XksProxyUriEndpoint: {
        shape: 'XksProxyUriEndpointType',
        doc: 'The scheme and host of the proxy endpoint.',
      },
      XksProxyUriPath: { shape: 'XksProxyUriPathType', doc: 'The path of the proxy API.' },
      XksProxyVpcEndpointServiceName: {
        shape: 'XksProxyVpcEndpointServiceNameType',
        doc: 'The VPC endpoint service of the proxy.',
      },
      XksProxyVpcEndpointServiceOwner: {
        shape: 'AccountIdType',
        doc: 'The account that owns the VPC endpoint service.',
      },
      XksProxyAuthenticationCredential: {
        shape: 'XksProxyAuthenticationCredentialType',
        doc: 'The credential KMS uses to sign requests to the proxy.',
      },
      XksProxyConnectivity: {
        shape: 'XksProxyConnectivityType',
        doc: 'Whether the proxy is reached over the internet or a VPC endpoint service.',
      },
    },
  },
  CreateCustomKeyStoreResponse: {
    type: 'structure',
    members: {
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
    },
  },
  CustomKeyStoresListEntry: {
    type: 'structure',
    doc: 'The settings and state of one custom key store.',
    members: {
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
      CustomKeyStoreName: {
        shape: 'CustomKeyStoreNameType',
        doc: 'The friendly name of the custom key store.',
      },
      CloudHsmClusterId: {
        shape: 'CloudHsmClusterIdType',
        doc: 'The AWS CloudHSM cluster behind the key store.',
      },
      TrustAnchorCertificate: {
        shape: 'TrustAnchorCertificateType',
        doc: 'The trust anchor certificate of the CloudHSM cluster.',
      },
      ConnectionState: {
        shape: 'ConnectionStateType',
        doc: 'Whether the key store is connected to its backing store.',
      },
      ConnectionErrorCode: {
        shape: 'ConnectionErrorCodeType',
        doc: 'Why the key store failed to connect, when it did.',
      },
      CreationDate: { shape: 'DateType', doc: 'When it was created.' },
      CustomKeyStoreType: {
        shape: 'CustomKeyStoreType',
        doc: 'Whether the store is backed by CloudHSM or an external key manager.',
      },
      XksProxyConfiguration: {
        shape: 'XksProxyConfigurationType',
        doc: 'How KMS reaches the external key store proxy.',
      },
    },
  },
  DeleteCustomKeyStoreRequest: {
    type: 'structure',
    required: ['CustomKeyStoreId'],
    members: {
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
    },
  },
  DeleteCustomKeyStoreResponse: {
    type: 'structure',
    members: {
    },
  },
  DescribeCustomKeyStoresRequest: {
    type: 'structure',
    members: {
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
      CustomKeyStoreName: {
        shape: 'CustomKeyStoreNameType',
        doc: 'The friendly name of the custom key store.',
      },
      Limit: { shape: 'LimitType', doc: 'The most items to return on one page.' },
      Marker: { shape: 'MarkerType', doc: 'Where to resume: the NextMarker of the previous page.' },
    },
  },
  DescribeCustomKeyStoresResponse: {
    type: 'structure',
    members: {
      CustomKeyStores: {
        shape: 'CustomKeyStoresList',
        doc: 'The custom key stores on this page of results.',
      },
      NextMarker: { shape: 'MarkerType', doc: 'Pass this as Marker to get the next page.' },
      Truncated: { shape: 'BooleanType', doc: 'True when more results follow.' },
    },
  },
  DisconnectCustomKeyStoreRequest: {
    type: 'structure',
    required: ['CustomKeyStoreId'],
    members: {
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
    },
  },
  DisconnectCustomKeyStoreResponse: {
    type: 'structure',
    members: {
    },
  },
  UpdateCustomKeyStoreRequest: {
    type: 'structure',
    required: ['CustomKeyStoreId'],
    members: {
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
      NewCustomKeyStoreName: {
        shape: 'CustomKeyStoreNameType',
        doc: 'A new friendly name for the custom key store.',
      },
      KeyStorePassword: {
        shape: 'KeyStorePasswordType',
        doc: 'The password of the kmsuser crypto user in the CloudHSM cluster.',
      },
      CloudHsmClusterId: {
        shape: 'CloudHsmClusterIdType',
        doc: 'The AWS CloudHSM cluster behind the key store.',
      },
      XksProxyUriEndpoint: {
        shape: 'XksProxyUriEndpointType',
        doc: 'The scheme and host of the proxy endpoint.',
      },
      XksProxyUriPath: { shape: 'XksProxyUriPathType', doc: 'The path of the proxy API.' },
      XksProxyVpcEndpointServiceName: {
        shape: 'XksProxyVpcEndpointServiceNameType',
        doc: 'The VPC endpoint service of the proxy.',
      },
      XksProxyVpcEndpointServiceOwner: {
        shape: 'AccountIdType',
        doc: 'The account that owns the VPC endpoint service.',
      },
      XksProxyAuthenticationCredential: {
        shape: 'XksProxyAuthenticationCredentialType',
        doc: 'The credential KMS uses to sign requests to the proxy.',
      },
      XksProxyConnectivity: {
        shape: 'XksProxyConnectivityType',
        doc: 'Whether the proxy is reached over the internet or a VPC endpoint service.',
      },
    },
  },
  UpdateCustomKeyStoreResponse: {
    type: 'structure',
    members: {
    },
  },
  XksProxyAuthenticationCredentialType: {
    type: 'structure',
    required: ['AccessKeyId', 'RawSecretAccessKey'],
    doc: 'An access key id and secret for the external key store proxy.',
    members: {
      AccessKeyId: {
        shape: 'XksProxyAuthenticationAccessKeyIdType',
        doc: 'The identifier of the proxy authentication credential.',
      },
      RawSecretAccessKey: {
        shape: 'XksProxyAuthenticationRawSecretAccessKeyType',
        doc: 'The secret that authenticates KMS to the proxy.',
      },
    },
  },
  XksProxyConfigurationType: {
    type: 'structure',
    doc: 'The connection settings of an external key store proxy.',
    members: {
      Connectivity: {
        shape: 'XksProxyConnectivityType',
        doc: 'How KMS reaches the external key store proxy.',
      },
      AccessKeyId: {
        shape: 'XksProxyAuthenticationAccessKeyIdType',
        doc: 'The identifier of the proxy authentication credential.',
      },
      UriEndpoint: { shape: 'XksProxyUriEndpointType', doc: 'The scheme and host of the proxy endpoint.' },
      UriPath: { shape: 'XksProxyUriPathType', doc: 'The path of the proxy API.' },
      VpcEndpointServiceName: {
        shape: 'XksProxyVpcEndpointServiceNameType',
        doc: 'The VPC endpoint service of the proxy.',
      },
      VpcEndpointServiceOwner: {
        shape: 'AccountIdType',
        doc: 'The account that owns the VPC endpoint service.',
      },
    },
  },
};
