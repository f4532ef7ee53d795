/**
 * The kommun's seal on a justerat protocol and its protokollsutdrag: a PAdES signature (ETSI.CAdES.detached)
 * with the kommun's seal certificate, added to the PDF/A as an incremental update, so the archival file is kept
 * byte for byte and any changed byte breaks the signature (poppler's `pdfsig` verifies it).
 *
 * The placeholder and the byte ranges are @signpdf's; the CMS SignedData is built here with node-forge's ASN.1,
 * because PAdES wants what @signpdf's P12 signer does not give: the ESS signing-certificate-v2 attribute that
 * binds the signature to the certificate (ETSI EN 319 122-1), and no signing-time attribute (the time is the
 * signature dictionary's /M).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import type { KommunConfig } from '../domain/kommun';

export interface Sigill {
  /** The seal certificate and its private key, PKCS#12. */
  p12: Buffer;
  losenord: string;
  /** The name in the signature: "Lunds kommun". */
  namn: string;
  /** Where: "Kommunkontoret, Bruksgatan 22, Lund". */
  plats: string;
}

const { asn1, pki } = forge;
const OID = {
  data: pki.oids.data!,
  signedData: pki.oids.signedData!,
  contentType: pki.oids.contentType!,
  messageDigest: pki.oids.messageDigest!,
  sha256: pki.oids.sha256!,
  rsaEncryption: pki.oids.rsaEncryption!,
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};

const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (id: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const octets = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const int = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, bytes);
const nul = () => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
const algorithm = (id: string) => seq([oid(id), nul()]);
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);
const sha256 = (bytes: string | Buffer) =>
  createHash('sha256')
    .update(typeof bytes === 'string' ? Buffer.from(bytes, 'binary') : bytes)
    .digest('binary');

/** A CAdES detached signature (SignedData) over the PDF's byte ranges, with the seal's key. */
class SigillSigner extends Signer {
  constructor(private readonly sigill: Pick<Sigill, 'p12' | 'losenord'>) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const p12 = forge.pkcs12.pkcs12FromAsn1(
      asn1.fromDer(this.sigill.p12.toString('binary')),
      false,
      this.sigill.losenord,
    );
    const key = p12.getBags({ bagType: pki.oids.pkcs8ShroudedKeyBag! })[pki.oids.pkcs8ShroudedKeyBag!]?.[0]
      ?.key as forge.pki.rsa.PrivateKey | undefined;
    const certs = (p12.getBags({ bagType: pki.oids.certBag! })[pki.oids.certBag!] ?? []).flatMap((b) =>
      b.cert ? [b.cert] : [],
    );
    const cert = key && certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n));
    if (!key || !cert) throw new Error('sigill: the PKCS#12 file has no RSA key with its certificate');
    const certDer = asn1.toDer(pki.certificateToAsn1(cert)).getBytes();
    // ESSCertIDv2 with SHA-256 (the default algorithm, so left out): the hash of the seal's certificate.
    const signingCertificateV2 = seq([seq([seq([octets(sha256(certDer))])])]);
    const signedAttrs = [
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.messageDigest, octets(sha256(content))),
      attribute(OID.signingCertificateV2, signingCertificateV2),
    ];
    // The signature is over the attributes as a SET (DER), though they are carried as [0] IMPLICIT.
    const md = forge.md.sha256.create();
    md.update(asn1.toDer(set(signedAttrs)).getBytes());
    const signature = key.sign(md);
    const signerInfo = seq([
      int(String.fromCharCode(1)),
      seq([pki.distinguishedNameToAsn1(cert.issuer), int(forge.util.hexToBytes(cert.serialNumber))]),
      algorithm(OID.sha256),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, signedAttrs),
      algorithm(OID.rsaEncryption),
      octets(signature),
    ]);
    const signedData = seq([
      int(String.fromCharCode(1)),
      set([algorithm(OID.sha256)]),
      seq([oid(OID.data)]),
      asn1.create(
        asn1.Class.CONTEXT_SPECIFIC,
        0,
        true,
        certs.map((c) => pki.certificateToAsn1(c)),
      ),
      set([signerInfo]),
    ]);
    const contentInfo = seq([
      oid(OID.signedData),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData]),
    ]);
    return Buffer.from(asn1.toDer(contentInfo).getBytes(), 'binary');
  }
}

/** The PDF sealed at `tid`: a signature placeholder added as an incremental update, then signed. */
export async function forsegla(pdf: Buffer, sigill: Sigill, tid: Date): Promise<Buffer> {
  const medPlats = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: 'Justerat protokoll',
    contactInfo: sigill.namn,
    name: sigill.namn,
    location: sigill.plats,
    signingTime: tid,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    // The seal is invisible: no appearance on the archival page (PDF/A allows a zero-area widget).
    widgetRect: [0, 0, 0, 0],
    appName: 'Årshjul',
  });
  return new SignPdf().sign(medId(pdf, medPlats), new SigillSigner(sigill));
}

/**
 * The update's trailer with the file's /ID (PDF/A-2, ISO 19005-2 6.1.3: every trailer has it), which @signpdf's
 * plain placeholder leaves out. Inserted after the cross-reference section, so no offset moves.
 */
function medId(original: Buffer, uppdaterad: Buffer): Buffer {
  const id = /\/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]/.exec(original.toString('latin1'))?.[0];
  const trailer = uppdaterad.lastIndexOf('trailer\n<<');
  if (!id || trailer < 0 || uppdaterad.indexOf('/ID', trailer) >= 0) return uppdaterad;
  const efter = trailer + 'trailer\n<<'.length;
  return Buffer.concat([
    uppdaterad.subarray(0, efter),
    Buffer.from(`\n${id}`, 'latin1'),
    uppdaterad.subarray(efter),
  ]);
}

/**
 * The kommun's seal from its config (`protokoll.sigill`): the PKCS#12 file (beside the config, or an absolute
 * path) and the environment variable holding its password. Undefined when the kommun has none configured.
 */
export function sigillFor(config: KommunConfig, configDir: string): Sigill | undefined {
  const s = config.protokoll.sigill;
  if (!s) return undefined;
  return {
    p12: readFileSync(path.resolve(configDir, s.p12)),
    losenord: process.env[s.losenordMiljovariabel] ?? '',
    namn: config.kommun.namn,
    plats: config.protokoll.forvaringsplats,
  };
}
