package cn.gov.sc.rst.filingbridge.mapping;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.intake.Prefectures;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * 二、备案层级 and 四、备案变更 as code. Plain Java: no Camel, no Spring, no clock.
 * <ul>
 *   <li>Province: any institution assessing 技师 (2) or 高级技师 (1) — except Chengdu's, which Chengdu files up to 技师;
 *       institutions of provincial or ministry-affiliated units; institutions of industry departments.</li>
 *   <li>市（州）: institutions assessing 高级 (3) and below in their area.</li>
 *   <li>成都市: institutions assessing 技师 (2) and below in Chengdu.</li>
 *   <li>变更 of 鉴定职业/范围/等级/类别/场所 only goes to the authority of the (new) level tier; a 变更 that includes 名称
 *       or 负责人 (alone or mixed with others), and every 注销, go to the original authority, the one that filed the
 *       institution (found by its BAH); a 补正 goes where its case is. An original authority that is not known is
 *       never guessed: {@link UnknownFilingNumberException}.</li>
 * </ul>
 */
public final class Jurisdiction {

    static final Set<String> TIER_CHANGES = Set.of("鉴定职业", "鉴定范围", "鉴定等级", "鉴定类别", "鉴定场所");
    static final Set<String> ORIGINAL_CHANGES = Set.of("名称", "负责人");

    /** What the rules need to know about a case. */
    public record Facts(CaseType caseType, String unitCategory, String areaCode, Collection<Integer> levels,
                        Collection<String> changeItems, Optional<Authority> originalAuthority) {
    }

    public Authority decide(Facts f) {
        return switch (f.caseType()) {
            case NEW_FILING -> byTier(f);
            case SUPPLEMENT -> f.originalAuthority()
                    .map(a -> withReason(a, "补正由办件原受理机关办理（通知三(一)2）：" + a.reason()))
                    .orElseThrow(() -> new JurisdictionUnknownException("补正 without the authority of its case"));
            case CHANGE -> change(f);
            case CANCELLATION -> original(f, "注销（终止鉴定工作）向原备案人力资源社会保障部门书面申请（通知四(三)）");
        };
    }

    private Authority change(Facts f) {
        boolean originalChange = f.changeItems().stream().anyMatch(ORIGINAL_CHANGES::contains);
        boolean tierChange = f.changeItems().stream().anyMatch(TIER_CHANGES::contains);
        if (originalChange && tierChange) {
            return original(f, "变更事项含名称或负责人，向原备案人力资源社会保障部门提交（通知四(二)），其中鉴定职业、范围、等级、类别"
                    + "或场所的变更一并由原备案部门办理");
        }
        if (tierChange) {
            Authority tier = byTier(f);
            return withReason(tier, "鉴定职业、范围、等级、类别或场所变更，按备案层级向相应部门更新（通知四(一)）；" + tier.reason());
        }
        return original(f, "名称、负责人等要素变更，向原备案人力资源社会保障部门更新（通知四(二)）");
    }

    private Authority original(Facts f, String reason) {
        return f.originalAuthority()
                .map(a -> withReason(a, reason))
                .orElseThrow(() -> new UnknownFilingNumberException(f.caseType().label() + " of an institution whose original "
                        + "authority is not known (BAH not in the register nor imported)"));
    }

    private static Authority byTier(Facts f) {
        String prefix = f.areaCode().substring(0, 4);
        int highest = f.levels().stream().mapToInt(Integer::intValue).min()
                .orElseThrow(() -> new JurisdictionUnknownException("no assessment levels"));
        if ("行业部门".equals(f.unitCategory())) {
            return Authority.province("行业部门拟在我省设立的鉴定机构，向省人力资源社会保障部门备案，备案情况报人社部（通知二）");
        }
        if ("省属单位".equals(f.unitCategory()) || "部属单位".equals(f.unitCategory())) {
            return Authority.province("省、部属单位职业技能考核鉴定机构由省人力资源社会保障部门备案（通知二）");
        }
        if (highest == 1) {
            return Authority.province("实施高级技师（一级）考评的鉴定机构由省人力资源社会保障部门备案（通知二）");
        }
        if (highest == 2) {
            if (Prefectures.CHENGDU.equals(prefix)) {
                return Authority.prefecture(prefix, "成都市人力资源社会保障部门负责本行政区域内实施技师（二级）及以下鉴定的鉴定机构备案（通知二）");
            }
            return Authority.province("实施技师（二级）考评的鉴定机构由省人力资源社会保障部门备案（成都市以外）（通知二）");
        }
        return Authority.prefecture(prefix, Prefectures.name(prefix)
                + "人力资源社会保障部门负责本行政区域内实施高级（三级）及以下鉴定的鉴定机构备案（通知二）");
    }

    private static Authority withReason(Authority a, String reason) {
        return new Authority(a.tier(), a.areaCode(), a.name(), reason);
    }

    /** A 变更 or 注销 whose institution (BAH) is neither in the register nor imported: no original authority. */
    public static final class UnknownFilingNumberException extends JurisdictionUnknownException {
        UnknownFilingNumberException(String message) {
            super(message);
        }
    }

    /** The facts do not determine an authority (a broken invariant upstream, never user input). */
    public static class JurisdictionUnknownException extends IllegalStateException {
        JurisdictionUnknownException(String message) {
            super(message);
        }
    }
}
