#!/bin/sh
# Seeds each fuzz target's corpus from the shared fixtures and the repository's own.
set -eu
cd "$(dirname "$0")"
shared=../../shared
[ -d "$shared/fixtures" ] || { echo "error: $shared/fixtures is missing" >&2; exit 1; }
mkdir -p corpus/metadata corpus/wsdl corpus/xml_decoder corpus/soap_answer corpus/wcf_date
find "$shared/fixtures/servicestack" ../generator/tests/fixtures/servicestack ../schemas \
    -name '*.json' -size -2048k -exec cp {} corpus/metadata/ \;
cp "$shared"/seeds/* corpus/metadata/
find "$shared/fixtures/wsdl" ../generator/tests/fixtures/wsdl ../generator/tests/fixtures/bad \
    \( -name '*.wsdl' -o -name '*.xsd' \) -size -2048k -exec cp {} corpus/wsdl/ \;
find "$shared/fixtures" -name '*.xml' -size -1024k -exec sh -c 'cp "$1" corpus/soap_answer/$(echo "$1" | md5sum | cut -c1-12).xml' _ {} \;
cp corpus/soap_answer/* corpus/xml_decoder/
printf '%s' '/Date(1234567890123+0100)/' > corpus/wcf_date/wcf
printf '%s' '/Date(-62135596800000)/' > corpus/wcf_date/wcf-min
printf '%s' '2001-02-03T04:05:06.1234567+01:00' > corpus/wcf_date/iso
printf '%s' '2001-02-03T04:05:06Z' > corpus/wcf_date/iso-utc
printf '%s' 'P1DT2H3M4.5S' > corpus/wcf_date/span
printf '%s' '-P10675199DT2H48M5.4775808S' > corpus/wcf_date/span-min
printf '%s' '01:02:03.5' > corpus/wcf_date/span-text
